// Every code of seed 001's table, each caused by a real request: {"detail","code"}, the
// seed's status and message, WWW-Authenticate on 401s, Allow on 405.
import t from 'tap';
import type { InjectOptions } from 'fastify';
import { build } from '../../helpers/build.js';
import { makeAccount, signedIn } from '../../helpers/rest-api.js';

t.test('errors › every code of the seed\'s table through a real request', async (t) => {
  const app = await build(t);
  const s = await signedIn(app);
  const { email } = await makeAccount(app);
  const blocked = await makeAccount(app);
  await app.repos.partners.update(blocked.partner.id, { status: 'blocked' });
  const cases: Array<[string, InjectOptions, number, string, string]> = [
    ['AuthenticationFailed', { method: 'POST', url: '/api/auth/', payload: { login: email, password: 'not the password' } }, 401, 'AuthenticationFailed', 'Incorrect authentication credentials'],
    ['MethodNotAllowed', { method: 'DELETE', url: '/api/partner/summary/', headers: s.headers }, 405, 'MethodNotAllowed', 'Method "DELETE" not allowed'],
    ['NotAcceptable', { url: '/api/partner/summary/', headers: { ...s.headers, accept: 'text/html' } }, 406, 'NotAcceptable', 'The request is not acceptable'],
    ['NotAuthenticated', { url: '/api/partner/summary/' }, 401, 'NotAuthenticated', 'Authentication credentials were not provided'],
    ['NotFound', { url: '/api/no-such-thing/', headers: s.headers }, 404, 'NotFound', 'Not found'],
    ['ParseError', { method: 'POST', url: '/api/auth/', headers: { 'content-type': 'application/json' }, payload: '{"login": ' }, 400, 'ParseError', 'Malformed request'],
    ['PermissionDenied', { method: 'POST', url: '/api/auth/', payload: { login: blocked.email, password: 'correct horse battery staple' } }, 403, 'PermissionDenied', 'You do not have permission to perform this action'],
    ['TokenExpired', { url: '/api/partner/summary/', headers: s.headers }, 401, 'TokenExpired', 'Token has expired'],
    ['UnsupportedMediaType', { method: 'POST', url: '/api/auth/', headers: { 'content-type': 'text/plain' }, payload: 'login=x' }, 415, 'UnsupportedMediaType', 'Unsupported media type "text/plain" in request'],
    ['ValidationError', { method: 'POST', url: '/api/auth/', payload: { login: email } }, 400, 'ValidationError', 'Bad request'],
  ];
  for (const [name, request, status, code, detail] of cases) {
    if (name === 'TokenExpired') { const now = app.restApiClock.now(); app.restApiClock.now = () => now + 7200; }
    const res = await app.inject(request);
    t.equal(res.statusCode, status, `${name} status`);
    t.same(res.json(), { detail, code, ...(name === 'ValidationError' ? { errors: { password: ['This field is required.'] } } : {}) }, `${name} body`);
    if (status === 401) t.equal(res.headers['www-authenticate'], 'JWT realm="api"', `${name} WWW-Authenticate`);
    if (status === 405) t.equal(res.headers.allow, 'GET, HEAD', 'Allow');
  }
  // Throttled: auth.test.ts exhausts an account's sign-in attempts.
});

t.test('errors › the rest of the app keeps its own error shapes', async (t) => {
  const app = await build(t);
  const res = await app.inject({ url: '/admin/no-such-thing' });
  t.notOk('detail' in res.json());
});

t.test('errors › a malformed or over-long URL under /api/ is a NotFound of the API\'s own shape, not echoed', async (t) => {
  const app = await build(t);
  const s = await signedIn(app);
  for (const url of ['/api/links/%E0%A4%A/', `/api/keys/${'a'.repeat(300)}/`, '/api/schema/%E0%A4%A']) {
    const res = await app.inject({ method: url.startsWith('/api/keys/') ? 'DELETE' : 'GET', url, headers: s.headers });
    t.equal(res.statusCode, 404, url.slice(0, 30));
    t.same(res.json(), { detail: 'Not found', code: 'NotFound' }, url.slice(0, 30));
    t.equal(res.headers['cache-control'], 'no-store');
  }
});

t.test('errors › a body over 16 KiB is refused before it is parsed, JSON as well as a form', async (t) => {
  const app = await build(t);
  const s = await signedIn(app);
  const big = 'x'.repeat(17 * 1024);
  const cases: InjectOptions[] = [
    { method: 'POST', url: '/api/auth/', payload: { login: 'a@b.example', password: 'p', pad: big } },
    { method: 'POST', url: '/api/links/', headers: s.headers, payload: { name: 'x', pad: big } },
    { method: 'POST', url: '/api/auth/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `login=a&password=${big}` },
  ];
  for (const request of cases) {
    const res = await app.inject(request);
    t.same([res.statusCode, res.json()], [400, { detail: 'Bad request', code: 'ValidationError', errors: { non_field_errors: ['Request body is too large'] } }], String(request.url));
  }
});

t.test('errors › a period past the year 9999 is a ValidationError under its field, never a 500 (days, summary, link stats)', async (t) => {
  const app = await build(t);
  const s = await signedIn(app);
  await app.inject({ method: 'POST', url: '/api/links/', headers: s.headers, payload: { code: 'far-future' } });
  const far = 'from=9007199254740000&to=9007199254740991';
  for (const url of [`/api/reports/clicks/?group_by=day&${far}`, `/api/reports/exchanges/?group_by=month&${far}`, `/api/partner/summary/?${far}`, `/api/links/far-future/stats/?${far}`]) {
    const res = await app.inject({ url, headers: s.headers });
    t.same([res.statusCode, res.json().code, Object.keys(res.json().errors ?? {})], [400, 'ValidationError', ['from']], url);
  }
  const last = await app.inject({ url: '/api/reports/clicks/?group_by=day&from=253370764800&to=253402300799', headers: s.headers });
  t.same([last.statusCode, last.json().data.at(-1).period], [200, '9999-12-31'], 'the last day of 9999 still answers');
});
