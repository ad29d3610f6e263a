// Route schemas compile on a route's first request (src/lazy-validation.ts), so a schema that
// cannot compile would only show in production, as a 500 on that route. Fastify's own compilers
// compile every schema at ready, with the same options and the same sharing of one Ajv per set
// of shared schemas: building the app with them proves that every route's schemas compile.
import Fastify from 'fastify';
import t from 'tap';
import { ratelink } from '../src/app.js';
import { serverOptions } from '../src/server-options.js';
import { build, testConfig } from './helpers/build.js';

t.test('app › every route\'s validators and serializers compile, as they will on first use', async (t) => {
  const config = testConfig();
  const app = Fastify(serverOptions(config));
  t.teardown(() => app.close());
  await app.register(ratelink, { config });
  await t.resolves(async () => { await app.ready(); });
});

t.test('app › a route validates on its first request (the lazy compilers)', async (t) => {
  const app = await build(t);
  const bad = await app.inject({ method: 'POST', url: '/admin/partners', headers: { authorization: `Bearer ${testConfig().adminToken}` }, payload: { name: 'x', email: 'not an email', reward_percent: 'ten' } });
  t.equal(bad.statusCode, 400);
  const good = await app.inject({ method: 'POST', url: '/admin/partners', headers: { authorization: `Bearer ${testConfig().adminToken}` }, payload: { name: 'Monitor', email: 'monitor@example.test', reward_percent: '0.5' } });
  t.equal(good.statusCode, 201);
  t.match(good.json(), { name: 'Monitor', reward_percent: '0.5' });
});
