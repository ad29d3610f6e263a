// GET /api/schema/ (Swagger UI, served locally) and the OpenAPI document it shows, which must
// validate and document every route with its errors and the JWT apiKey scheme.
import t from 'tap';
import SwaggerParser from '@apidevtools/swagger-parser';
import { build } from '../../helpers/build.js';
import { signedIn } from '../../helpers/rest-api.js';

t.test('GET /api/schema/?format=openapi › a valid OpenAPI 3 document, also at /api/schema.json', async (t) => {
  const app = await build(t);
  const res = await app.inject({ url: '/api/schema/?format=openapi' });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  t.same((await app.inject({ url: '/api/schema.json' })).json(), doc);
  await SwaggerParser.validate(structuredClone(doc));
  t.match(doc, { openapi: /^3\./, components: { securitySchemes: { JWT: { type: 'apiKey', in: 'header', name: 'Authorization' } } } });
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { summary?: string; security?: unknown; responses: Record<string, unknown> }>>)) {
    for (const [method, op] of Object.entries(ops)) {
      t.ok(op.summary, `${method} ${path} has a summary`);
      if (!path.startsWith('/api/auth')) {
        t.same(op.security, [{ JWT: [] }], `${method} ${path} is secured`);
        t.ok(op.responses['401'] && op.responses['406'], `${method} ${path} documents its errors`);
      }
    }
  }
  t.ok(doc.paths['/api/auth/'].post, 'the seed\'s /api/auth');
  t.ok(doc.paths['/api/partner/summary/'].get, 'the seed\'s /api/partner/summary/');
});

t.test('GET /api/schema/ › Swagger UI from ratelink itself (no CDN), with its own CSP', async (t) => {
  const app = await build(t);
  const res = await app.inject({ url: '/api/schema/' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.notMatch(res.body, /https?:\/\/(?!localhost)[^"' ]+\.(js|css)/, 'no asset from elsewhere');
  const csp = String(res.headers['content-security-policy']);
  t.match(csp, /script-src 'self'/);
  t.notMatch(csp, /upgrade-insecure-requests/, 'a plain-HTTP site (a demo on a LAN address) keeps its assets on http://');
  t.notMatch(csp, /https:|validator\.swagger\.io/, 'nothing from another origin is allowed either');
});

t.test('GET /api/schema.json › a report answers JSON by default: both media types documented, JSON first with its shape', async (t) => {
  const app = await build(t);
  const doc = (await app.inject({ url: '/api/schema.json' })).json();
  for (const path of ['/api/reports/clicks/', '/api/reports/exchanges/', '/api/reports/rewards/', '/api/reports/payouts/', '/api/links/{code}/stats/']) {
    const content = doc.paths[path].get.responses['200'].content as Record<string, { schema: { properties?: Record<string, unknown> } }>;
    t.same(Object.keys(content), ['application/json', 'text/csv'], `${path}: JSON, then CSV (what Try it out asks for first)`);
    t.ok(content['application/json']!.schema.properties?.data, `${path}: the JSON answer's shape`);
  }
});

t.test('GET /api/schema.json › every status a route answers is documented: 415 wherever a body may come, the links\' 409 for a taken target', async (t) => {
  const app = await build(t);
  const doc = (await app.inject({ url: '/api/schema.json' })).json();
  type Op = { responses: Record<string, { description: string; content?: Record<string, unknown> }> };
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Op>>)) {
    for (const [method, op] of Object.entries(ops)) {
      // Every route that authenticates reads the database: its outage is a 503 (test/db/pg/outage.test.ts).
      if ('401' in op.responses) t.match(op.responses['503']?.description, /^ServiceUnavailable/, `${method} ${path}: 503`);
      if (method === 'get') continue;
      t.ok(op.responses['415']?.content, `${method} ${path}: 415 UnsupportedMediaType`);
    }
  }
  const s = await signedIn(app);
  const plain = await app.inject({ method: 'POST', url: '/api/keys/', headers: { ...s.headers, 'content-type': 'text/plain' }, payload: 'x' });
  t.same([plain.statusCode, plain.json().code], [415, 'UnsupportedMediaType'], 'what the document now says');
  t.match(doc.paths['/api/links/'].post.responses['409'].description, /code is taken.*target_url/s);
  t.match(doc.paths['/api/links/{code}/'].patch.responses['409'].description, /target_url/);
  t.notMatch(doc.paths['/api/links/{code}/'].patch.responses['409'].description, /code is taken/, 'a PATCH never changes the code');
});
