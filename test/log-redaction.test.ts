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

t.test('a one-time set-password link (invitation, reset) is not in the request log: neither its path nor a language switch that comes back to it', async (t) => {
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (chunk) => { log += chunk; });
  const app = await build(t, { logLevel: 'info' }, { logStream: stream });
  const { createPartner } = await import('../src/services/partners/partners.js');
  const partner = await createPartner(app.repos, { name: 'Acme', email: 'a@acme.example', reward_percent: '1' });
  const { url } = (await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders })).json();
  const path = new URL(url).pathname;
  const token = path.split('/').at(-1)!;
  t.equal((await app.inject({ method: 'GET', url: path })).statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: `/partner/language/ru?next=${encodeURIComponent(path)}` })).statusCode, 303);
  t.equal((await app.inject({ method: 'GET', url: `/partner/set-password/${token}/` })).statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: `/partner/Set-Password/${token}` })).statusCode, 404, 'another spelling: no page, still no token in the log');
  t.match(log, /"url":"\/partner\/set-password\/\[REDACTED\]"/, 'the request is logged, without the token');
  t.match(log, /"url":"\/partner\/language\/ru\?next=%2Fpartner%2Fset-password%2F\[REDACTED\]"/);
  t.notMatch(log, new RegExp(token), 'the token is nowhere in the log');
});
