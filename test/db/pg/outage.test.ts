// PostgreSQL unreachable, silent or moved, and back: the app answers with a clear error, never
// hangs, and recovers by itself. The outage is a TCP proxy in front of the shared server being
// cut, silenced or abandoned (test/helpers/silent-proxy.ts), never the server stopped.
import { createServer, connect, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { buildApp } from '../../../src/app.js';
import { adminHeaders, testConfig } from '../../helpers/build.js';
import { callApi, makePartner } from '../../helpers/partner-api.js';
import { createTestSchema, PG_TEST_URL } from '../../helpers/pg.js';
import { pgOf } from '../../../src/db/pg/index.js';
import { addPartnerWithLink, CHROME_UA } from '../../helpers/referral.js';
import { exchangeBody } from '../../helpers/ledger-factory.js';
import { signedIn } from '../../helpers/rest-api.js';
import { silentProxy, within } from '../../helpers/silent-proxy.js';
import { sql } from 'drizzle-orm';
import { asUnavailable } from '../../../src/db/pg/unavailable.js';
import { DatabaseUnavailableError } from '../../../src/errors.js';

const skip = PG_TEST_URL ? false : 'PostgreSQL only: set RATELINK_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)';

async function cuttableProxy(target: URL) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cut: async () => {
      await new Promise<void>((resolve) => { server.close(() => resolve()); for (const s of sockets) s.destroy(); });
    },
    restore: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => { for (const s of sockets) s.destroy(); server.close(); },
  };
}

/** An app on a schema of its own, reaching PostgreSQL through a proxy the test can cut. */
async function appBehindProxy(t: Test) {
  const schema = await createTestSchema();
  const url = new URL(schema.url);
  const proxy = await cuttableProxy(new URL(schema.url));
  url.host = `127.0.0.1:${proxy.port}`;
  const app = await buildApp(testConfig({ databaseUrl: url.toString(), databasePoolSize: 2 }));
  t.teardown(async () => { proxy.close(); await app.close(); await schema.drop(); });
  return { app, proxy };
}

t.test('/healthz › 503 while PostgreSQL is unreachable, never a hang; api.php error 99, admin 503; back by itself', { skip }, async (t) => {
  const { app, proxy } = await appBehindProxy(t);
  const { apiKey } = await makePartner(app, 'Outage');
  const health = () => app.inject({ method: 'GET', url: '/healthz' });
  t.equal((await health()).statusCode, 200);

  await proxy.cut();
  const started = Date.now();
  const down = await health();
  t.equal(down.statusCode, 503);
  t.same(down.json(), { error: { code: 'RL_DB_UNAVAILABLE', message: 'The database is unavailable; retry shortly' } });
  const admin = await app.inject({ method: 'GET', url: '/admin/partners', headers: adminHeaders });
  t.equal(admin.statusCode, 503);
  const api = await callApi(app, apiKey, 'get_info');
  t.match(api.json(), { status: 'error', error: 99 });
  t.ok(Date.now() - started < 5000, 'answered at once, not after a timeout');

  await proxy.restore();
  let status = 0;
  for (let i = 0; i < 20 && status !== 200; i++) {
    status = (await health()).statusCode;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  t.equal(status, 200, 'recovered without a restart');
  t.equal((await callApi(app, apiKey, 'get_info')).json().status, 'success');
});

t.test('REST API while PostgreSQL is unreachable › 503 ServiceUnavailable (retry), not a 500; a payout request reserves nothing', { skip }, async (t) => {
  const { app, proxy } = await appBehindProxy(t);
  const { partner, headers } = await signedIn(app);
  await proxy.cut();
  for (const [method, url, payload] of [['GET', '/api/partner/summary/'], ['POST', '/api/payouts/', { method_id: 1, account: 'U1' }]] as const) {
    const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    t.equal(res.statusCode, 503, url);
    t.same(res.json(), { detail: 'Service temporarily unavailable, try again later', code: 'ServiceUnavailable' }, url);
  }
  await proxy.restore();
  let balance: number | undefined;
  for (let i = 0; i < 20 && balance === undefined; i++) {
    balance = await app.repos.partners.findById(partner.id).then((p) => p?.balance, () => undefined);
    if (balance === undefined) await new Promise((r) => setTimeout(r, 100));
  }
  t.equal(balance, 0);
  t.equal((await app.inject({ method: 'GET', url: '/api/payouts/', headers })).json().data.length, 0, 'nothing reserved');
});

/** An app on a new schema through a proxy that can go silent, statements bounded at 1 s. */
async function behindSilentProxy(t: Test) {
  const schema = await createTestSchema();
  const url = new URL(schema.url);
  const proxy = await silentProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  const app = await buildApp(testConfig({ databaseUrl: url.toString(), databasePoolSize: 2, databaseStatementTimeout: 1 }));
  t.teardown(async () => { proxy.speak(); await app.close(); proxy.close(); await schema.drop(); });
  return { app, proxy };
}

const status = (reply: { statusCode: number } | 'no answer') => reply === 'no answer' ? reply : reply.statusCode;

t.test('PostgreSQL silent (a partition: connections open, nothing answered) › every request answers within the timeouts, none hangs', { skip }, async (t) => {
  const { app, proxy } = await behindSilentProxy(t);
  const { apiKey } = await makePartner(app, 'Partition');
  await addPartnerWithLink(app.repos, 'part1');
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);

  proxy.silence();
  // A statement on an open connection fails after 1 s; a new connection after the 5 s connect timeout.
  const [health, api, admin, ref] = await Promise.all([
    within(8000, app.inject({ method: 'GET', url: '/healthz' })),
    within(8000, callApi(app, apiKey, 'get_info')),
    within(8000, app.inject({ method: 'GET', url: '/admin/partners', headers: adminHeaders })),
    within(8000, app.inject({ method: 'GET', url: '/ref/part1', headers: { 'user-agent': CHROME_UA }, remoteAddress: '192.0.2.60' })),
  ]);
  t.equal(status(health), 503, '/healthz: 503');
  t.match(api === 'no answer' ? api : api.json(), { status: 'error', error: 99 }, 'api.php: error 99');
  t.equal(status(admin), 503, 'admin: 503');
  t.equal(status(ref), 302, 'the visitor is still redirected');

  proxy.speak();
  let code = 0;
  for (let i = 0; i < 30 && code !== 200; i++) {
    code = (await app.inject({ method: 'GET', url: '/healthz' })).statusCode;
    if (code !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.equal(code, 200, 'back by itself');
});

t.test('PostgreSQL moved (a failover: old connections never answer) › transactions that timed out leave no dead or lost connection in the pool', { skip }, async (t) => {
  const { app, proxy } = await behindSilentProxy(t);
  await makePartner(app, 'Failover', {}, 'fail1');
  // Both pooled connections open and idle.
  const { pool } = pgOf(app.db);
  for (const client of await Promise.all([pool.connect(), pool.connect()])) client.release();

  proxy.failover();
  // Two exchange reports at once: a transaction each, on the two abandoned connections.
  const writes = await Promise.all(['f1', 'f2'].map((id) => within(8000, app.inject({
    method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: id, ref_code: 'fail1' }),
  }))));
  // One may land on a new connection instead (the feed poll also borrows connections): 201.
  t.ok(writes.map(status).every((code) => code === 503 || code === 201), 'each answered');
  t.ok(writes.map(status).includes(503), 'an abandoned connection was hit');
  const after = [];
  for (let i = 0; i < 3; i++) after.push(status(await within(4000, app.inject({ method: 'GET', url: '/healthz' }))));
  t.same(after, [200, 200, 200], 'the next requests get new connections at once');
  t.equal(status(await within(4000, app.inject({
    method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'f3', ref_code: 'fail1' }),
  }))), 201, 'and so does the next transaction');
});

t.test('PostgreSQL cut with a transaction in flight › the transaction fails as unavailable, the process lives on and recovers', { skip }, async (t) => {
  const { app, proxy } = await appBehindProxy(t);
  await makePartner(app, 'Cut', {}, 'cut1');
  const { db } = pgOf(app.db);
  // A connection checked out for a transaction when the server goes away: node-postgres emits
  // 'error' on it, which without a listener ends the whole process.
  let begun!: () => void;
  const inside = new Promise<void>((resolve) => { begun = resolve; });
  const work = db.transaction(async (tx) => {
    await tx.execute(sql`select 1`);
    begun();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await tx.execute(sql`select 1`);
  });
  await inside;
  await proxy.cut();
  await t.rejects(work.catch((error: unknown) => { throw asUnavailable(error); }), DatabaseUnavailableError);
  const report = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'c1', ref_code: 'cut1' }) });
  t.equal(report.statusCode, 503);

  await proxy.restore();
  let code = 0;
  for (let i = 0; i < 20 && code !== 201; i++) {
    code = (await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'c1', ref_code: 'cut1' }) })).statusCode;
    if (code !== 201) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.equal(code, 201, 'the same report is accepted once PostgreSQL is back');
});
