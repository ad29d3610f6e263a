// What reaches the log when a query fails: the query and the database's reason, never the
// values it carried (a webhook endpoint's secret is stored in clear, to sign with it).
import { PassThrough } from 'node:stream';
import t from 'tap';
import { adminHeaders, build } from './helpers/build.js';
import { runStatement } from './helpers/tables.js';
import { withoutQueryParameters } from '../src/log-redaction.js';

t.test('a failed insert of a webhook endpoint: 500, the log names the query and the reason, not the secret', async (t) => {
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (chunk) => { log += chunk; });
  const app = await build(t, { logLevel: 'error' }, { logStream: stream });
  // A failure that is not an outage: the database refuses this one insert.
  await runStatement(app, app.config.databaseUrl
    ? `create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by a test trigger'; end $$;
       create trigger refuse before insert on event_endpoints for each row execute function refuse();`
    : `create trigger refuse before insert on event_endpoints begin select raise(abort, 'refused by a test trigger'); end;`);

  const res = await app.inject({ method: 'POST', url: '/admin/webhooks', headers: adminHeaders, payload: { url: 'https://hooks.example/in' } });
  t.equal(res.statusCode, 500);
  t.notMatch(res.body, /whsec_|Failed query/, 'the client learns nothing of it');
  t.match(log, /refused by a test trigger/);
  if (app.config.databaseUrl) {
    // node-postgres errors come wrapped by drizzle with the query and its parameters.
    t.match(log, /Failed query: insert into [^ ]*event_endpoints/);
    t.match(log, /params: \[REDACTED\]/);
  }
  t.notMatch(log, /whsec_/, 'the secret is not in the log');
  t.notMatch(log, /hooks\.example/, 'nor any other value of the insert');
});

t.test('withoutQueryParameters › other errors pass unchanged', async (t) => {
  const plain = { type: 'Error', message: 'ECONNREFUSED 127.0.0.1:5432', stack: 'Error: ECONNREFUSED\n    at x' };
  t.equal(withoutQueryParameters(plain), plain);
});
