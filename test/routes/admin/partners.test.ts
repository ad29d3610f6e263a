import t from 'tap';
import { apiKeys } from '../../../src/db/sqlite/schema.js';
import { createServer, ratelink } from '../../../src/app.js';
import { adminHeaders, build, testConfig } from '../../helpers/build.js';
import { sqliteOf } from '../../../src/db/sqlite/index.js';
import { sqliteOnly } from '../../helpers/pg.js';

const SQLITE_ONLY = sqliteOnly('reads the SQLite tables directly');

const acme = { name: 'Acme Monitor', email: 'a@acme.example', reward_percent: '0.5', reward_base: 'amount', min_payout: '10.50' };

t.test('admin auth › 401 without, with a wrong or a malformed bearer token', async (t) => {
  const app = await build(t);
  for (const authorization of [undefined, 'Bearer wrong-token-wrong-token', 'Basic abc', `bearer${adminHeaders.authorization}`]) {
    const res = await app.inject({ method: 'GET', url: '/admin/partners', headers: authorization ? { authorization } : {} });
    t.equal(res.statusCode, 401, String(authorization));
    t.same(res.json(), { error: { code: 'RL_UNAUTHORIZED', message: 'Missing or invalid admin token' } });
  }
});

t.test('admin auth › every /admin/ route answers 401 without the token', async (t) => {
  const config = testConfig();
  const app = createServer(config);
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (route.url.startsWith('/admin/')) routes.push({ method, url: route.url });
  });
  await app.register(ratelink, { config });
  await app.ready();
  t.teardown(() => app.close());
  t.ok(routes.length >= 25, `found the admin routes (${routes.length})`);
  for (const { method, url } of routes) {
    const path = url.replace(/:[a-z]+/g, (param) => (param === ':prefix' ? 'abcdefgh' : '1'));
    const res = await app.inject({ method: method as 'GET', url: path, payload: method === 'GET' || method === 'HEAD' ? undefined : {} });
    t.equal(res.statusCode, 401, `${method} ${url}`);
  }
});

t.test('POST /admin/partners › 201 with the partner and its id; exact decimals back as strings', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload: acme });
  t.equal(res.statusCode, 201);
  const body = res.json();
  t.match(body, { id: 1, name: 'Acme Monitor', email: 'a@acme.example', status: 'active', reward_percent: '0.5', reward_base: 'amount', min_payout: '10.5' });
  const list = await app.inject({ method: 'GET', url: '/admin/partners', headers: adminHeaders });
  t.equal(list.json().items.length, 1);
  const one = await app.inject({ method: 'GET', url: '/admin/partners/1', headers: adminHeaders });
  t.equal(one.json().name, 'Acme Monitor');
});

t.test('POST /admin/partners › 400 naming the bad field', async (t) => {
  const app = await build(t);
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ ...acme, name: undefined }, /name/],
    [{ ...acme, email: 'not-an-email' }, /email/],
    [{ ...acme, reward_percent: '150' }, /reward_percent/],
    [{ ...acme, reward_percent: 'abc' }, /reward_percent/],
    [{ ...acme, min_payout: '-1' }, /min_payout/],
    [{ ...acme, min_payout: '0.000000001' }, /min_payout/],
    [{ ...acme, reward_base: 'turnover' }, /^Invalid reward_base: expected one of amount, profit$/],
    [{ ...acme, extra: 1 }, /^Unknown field "extra"$/],
    [{ ...acme, name: 'Acme\u202Eexe.gnp' }, /name/],
    [{ ...acme, name: 'Acme\u0085Monitor' }, /name/],
  ];
  for (const [payload, field] of cases) {
    const res = await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload });
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.equal(res.json().error.code, 'RL_VALIDATION');
    t.match(res.json().error.message, field);
  }
  t.equal((await app.repos.partners.list()).length, 0, 'nothing written');
});

t.test('PATCH /admin/partners/:id › blocks a partner; 404 for an unknown id', async (t) => {
  const app = await build(t);
  await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload: acme });
  const res = await app.inject({ method: 'PATCH', url: '/admin/partners/1', headers: adminHeaders, payload: { status: 'blocked', reward_levels: [{ turnover: 1000, percent: '0.7' }, { turnover: '0', percent: 0.5 }] } });
  t.equal(res.statusCode, 200);
  t.equal(res.json().status, 'blocked');
  t.same(res.json().reward_levels, [{ turnover: '0', percent: '0.5' }, { turnover: '1000', percent: '0.7' }]);
  const missing = await app.inject({ method: 'PATCH', url: '/admin/partners/99', headers: adminHeaders, payload: { status: 'active' } });
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().error.code, 'RL_NOT_FOUND');
});

t.test('POST /admin/partners/:id/keys › the key is shown once and stored only as a hash; DELETE revokes', { skip: SQLITE_ONLY }, async (t) => {
  const app = await build(t);
  await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload: acme });
  const res = await app.inject({ method: 'POST', url: '/admin/partners/1/keys', headers: adminHeaders });
  t.equal(res.statusCode, 201);
  const { api_key: key, prefix } = res.json();
  t.match(key, /^[A-Za-z0-9]{40}$/);
  t.equal(prefix, key.slice(0, 8));
  const rows = sqliteOf(app.db).db.select().from(apiKeys).all();
  t.equal(rows.length, 1);
  t.not(rows[0].hash, key);
  t.notMatch(JSON.stringify(rows), key, 'the key itself is nowhere in the table');
  const listed = await app.inject({ method: 'GET', url: '/admin/partners/1/keys', headers: adminHeaders });
  t.notMatch(listed.body, key);
  const revoke = await app.inject({ method: 'DELETE', url: `/admin/keys/${prefix}`, headers: adminHeaders });
  t.equal(revoke.statusCode, 204);
  t.ok(sqliteOf(app.db).db.select().from(apiKeys).all()[0].revokedAt);
  const again = await app.inject({ method: 'DELETE', url: `/admin/keys/${prefix}`, headers: adminHeaders });
  t.equal(again.statusCode, 404);
  const unknownPartner = await app.inject({ method: 'POST', url: '/admin/partners/7/keys', headers: adminHeaders });
  t.equal(unknownPartner.statusCode, 404);
});

t.test('POST /admin/partners/:id/keys › at most 20 active keys; a revoked one frees a place', async (t) => {
  const app = await build(t);
  await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload: acme });
  const issue = () => app.inject({ method: 'POST', url: '/admin/partners/1/keys', headers: adminHeaders });
  const prefixes: string[] = [];
  for (let i = 0; i < 20; i++) prefixes.push((await issue()).json().prefix);
  const over = await issue();
  t.equal(over.statusCode, 422);
  t.match(over.json(), { error: { code: 'RL_UNPROCESSABLE', message: /At most 20 active API keys/ } });
  t.equal((await app.repos.apiKeys.listByPartner(1)).length, 20, 'nothing written');
  t.equal((await app.inject({ method: 'DELETE', url: `/admin/keys/${prefixes[0]}`, headers: adminHeaders })).statusCode, 204);
  t.equal((await issue()).statusCode, 201);
});

t.test('POST /admin/partners/:id/keys › 30 requests at once for a partner with 15 keys: 5 issued, never a 21st', async (t) => {
  const app = await build(t);
  await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload: acme });
  const issue = () => app.inject({ method: 'POST', url: '/admin/partners/1/keys', headers: adminHeaders });
  for (let i = 0; i < 15; i++) await issue();
  const statuses = (await Promise.all(Array.from({ length: 30 }, issue))).map((res) => res.statusCode);
  t.equal(statuses.filter((status) => status === 201).length, 5);
  t.equal(statuses.filter((status) => status === 422).length, 25);
  t.equal((await app.repos.apiKeys.listByPartner(1)).length, 20);
});

t.test('POST /admin/partners/:id/links › generated or chosen code, case-sensitive, 409 when taken', async (t) => {
  const app = await build(t);
  await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload: acme });
  const generated = await app.inject({ method: 'POST', url: '/admin/partners/1/links', headers: adminHeaders, payload: {} });
  t.equal(generated.statusCode, 201);
  t.match(generated.json(), { code: /^[A-Za-z0-9]{8}$/, url: /^http:\/\/localhost:3000\/ref\/[A-Za-z0-9]{8}\/$/ });
  const chosen = await app.inject({ method: 'POST', url: '/admin/partners/1/links', headers: adminHeaders, payload: { code: 'Acme', name: 'Banner' } });
  t.same([chosen.statusCode, chosen.json().code, chosen.json().url], [201, 'Acme', 'http://localhost:3000/ref/Acme/']);
  const otherCase = await app.inject({ method: 'POST', url: '/admin/partners/1/links', headers: adminHeaders, payload: { code: 'ACME' } });
  t.equal(otherCase.statusCode, 201, 'codes are case-sensitive');
  const taken = await app.inject({ method: 'POST', url: '/admin/partners/1/links', headers: adminHeaders, payload: { code: 'Acme' } });
  t.equal(taken.statusCode, 409);
  t.equal(taken.json().error.code, 'RL_CONFLICT');
  const bad = await app.inject({ method: 'POST', url: '/admin/partners/1/links', headers: adminHeaders, payload: { code: '../x' } });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().error.message, /code/);
  const list = await app.inject({ method: 'GET', url: '/admin/partners/1/links', headers: adminHeaders });
  t.same(list.json().items.map((l: { code: string }) => l.code).slice(1), ['Acme', 'ACME']);
});

t.test('POST /admin/feeds › 201 with a code and its three URLs; GET lists them', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: 'bestchange', dialect: 'eref11' } });
  t.equal(res.statusCode, 201);
  const { code, urls } = res.json();
  t.same(urls, {
    xml: `http://localhost:3000/service/export/xml/${code}`,
    json: `http://localhost:3000/service/export/json/${code}`,
    txt: `http://localhost:3000/service/export/txt/${code}`,
  });
  const list = await app.inject({ method: 'GET', url: '/admin/feeds', headers: adminHeaders });
  t.match(list.json().items, [{ code, name: 'bestchange', dialect: 'eref11' }]);
  const bad = await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: 'x', dialect: 'v2' } });
  t.equal(bad.statusCode, 400);
});

t.test('POST /admin/partners/:id/links › no body at all means a generated code', async (t) => {
  const app = await build(t);
  await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload: acme });
  const res = await app.inject({ method: 'POST', url: '/admin/partners/1/links', headers: adminHeaders });
  t.equal(res.statusCode, 201);
  t.match(res.json().code, /^[A-Za-z0-9]{8}$/);
});

t.test('PATCH /admin/partners/:id › two reward levels at the same turnover are refused: which percent applies would be a guess', async (t) => {
  const app = await build(t);
  const created = await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload: { name: 'Levels', email: 'levels@example.com', reward_percent: '10' } });
  const res = await app.inject({ method: 'PATCH', url: `/admin/partners/${created.json().id}`, headers: adminHeaders,
    payload: { reward_levels: [{ turnover: '0', percent: '30' }, { turnover: '100', percent: '40' }, { turnover: '0.00', percent: '50' }] } });
  t.equal(res.statusCode, 400);
  t.match(res.json().error, { code: 'RL_VALIDATION', message: 'Invalid reward_levels: two levels at turnover 0' });
  t.same((await app.inject({ method: 'GET', url: `/admin/partners/${created.json().id}`, headers: adminHeaders })).json().reward_levels, []);
});
