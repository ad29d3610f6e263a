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

t.test('GET /admin/schema › the page without its trailing slash loads its scripts and styles from /admin/schema/static/, not /schema/static/', async (t) => {
  const app = await build(t);
  for (const url of ['/admin/schema', '/admin/schema/']) {
    const page = await app.inject({ url, headers: adminHeaders });
    t.equal(page.statusCode, 200, url);
    const assets = [...page.body.matchAll(/(?:href|src)="([^"]+\.(?:css|js))"/g)].map((m) => new URL(m[1]!, `http://x${url}`).pathname);
    t.ok(assets.length > 2, `${url} links its assets`);
    for (const asset of assets) t.equal((await app.inject({ url: asset, headers: adminHeaders })).statusCode, 200, `${url} → ${asset}`);
  }
});

t.test('RATELINK_ADMIN_SCHEMA=0 › no admin schema', async (t) => {
  const app = await build(t, { adminSchema: false });
  t.equal((await app.inject({ url: '/admin/schema/json', headers: adminHeaders })).statusCode, 404);
});
