import t from 'tap';
import { build } from './helpers/build.js';

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
