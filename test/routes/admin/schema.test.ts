// The admin API's OpenAPI page and document under /admin/schema/: behind the admin token, valid,
// and absent with RATELINK_ADMIN_SCHEMA=0.
import t from 'tap';
import SwaggerParser from '@apidevtools/swagger-parser';
import { adminHeaders, build } from '../../helpers/build.js';

t.test('GET /admin/schema/json › a valid document of the admin routes, behind the admin token', async (t) => {
  const app = await build(t);
  t.equal((await app.inject({ url: '/admin/schema/json' })).statusCode, 401, 'no token');
  const res = await app.inject({ url: '/admin/schema/json', headers: adminHeaders });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  await SwaggerParser.validate(structuredClone(doc));
  t.ok(Object.keys(doc.paths).some((p) => p.startsWith('/admin/partners')), 'documents the admin routes');
  t.notOk(Object.keys(doc.paths).some((p) => p.startsWith('/api/')), 'and only them');
  t.equal((await app.inject({ url: '/admin/schema/', headers: adminHeaders })).statusCode, 200, 'the page');
});

t.test('RATELINK_ADMIN_SCHEMA=0 › no admin schema', async (t) => {
  const app = await build(t, { adminSchema: false });
  t.equal((await app.inject({ url: '/admin/schema/json', headers: adminHeaders })).statusCode, 404);
});
