import t from 'tap';
import { build } from '../helpers/build.js';

t.test('GET /healthz › 200 {"status":"ok"} once the database is migrated', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ok' });
});

t.test('unknown route › 404 in the admin error shape', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/nope' });
  t.equal(res.statusCode, 404);
  t.equal(res.json().error.code, 'RL_NOT_FOUND');
});

t.test('demo mode › the stand-in exchange site answers the default direction URL', async (t) => {
  const app = await build(t, { demo: true });
  const res = await app.inject({ method: 'GET', url: '/exchange/PMUSD/BTC/' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.match(res.body, /Exchange PMUSD → BTC/);
  const hostile = await app.inject({ method: 'GET', url: '/exchange/%3Cscript%3E/BTC/' });
  t.notMatch(hostile.body, /<script>/);
  const off = await build(t);
  t.equal((await off.inject({ method: 'GET', url: '/exchange/PMUSD/BTC/' })).statusCode, 404);
});
