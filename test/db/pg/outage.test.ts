// PostgreSQL unreachable and back: the app answers at once with a clear error and recovers by
// itself. The outage is a TCP proxy in front of the shared server being cut, not the server stopped.
import { createServer, connect, type Socket } from 'node:net';
import t from 'tap';
import { buildApp } from '../../../src/app.js';
import { adminHeaders, testConfig } from '../../helpers/build.js';
import { callApi, makePartner } from '../../helpers/partner-api.js';
import { createTestSchema, PG_TEST_URL } from '../../helpers/pg.js';

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

t.test('/healthz › 503 while PostgreSQL is unreachable, never a hang; api.php error 99, admin 503; back by itself', { skip }, async (t) => {
  const schema = await createTestSchema();
  const url = new URL(schema.url);
  const proxy = await cuttableProxy(new URL(schema.url));
  url.host = `127.0.0.1:${proxy.port}`;
  const app = await buildApp(testConfig({ databaseUrl: url.toString(), databasePoolSize: 2 }));
  t.teardown(async () => { proxy.close(); await app.close(); await schema.drop(); });
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
