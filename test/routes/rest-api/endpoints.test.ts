// The REST API's endpoints: summary, reports (rows, group_by, CSV), payouts, keys, links; and a
// partner never sees another partner's data (their ids are a NotFound).
import t from 'tap';
import { build } from '../../helpers/build.js';
import { addClick, makeLink, makeMethod } from '../../helpers/ledger-factory.js';
import { signedIn } from '../../helpers/rest-api.js';

const T0 = Date.UTC(2026, 0, 10) / 1000;

t.test('reports › rows, group_by=day|week|month, totals, and CSV', async (t) => {
  const app = await build(t);
  const s = await signedIn(app);
  const link = await makeLink(app.repos, s.partner.id);
  await addClick(app, { partnerId: s.partner.id, linkId: link.id, userHash: 'visitor-1', time: T0 + 10, ip: '203.0.113.77' });
  await addClick(app, { partnerId: s.partner.id, linkId: link.id, userHash: 'visitor-2', time: T0 + 86_400 + 10 });
  await addClick(app, { partnerId: s.partner.id, linkId: link.id, userHash: 'bot', time: T0 + 20, isBot: true });
  const get = (url: string, headers = {}) => app.inject({ url, headers: { ...s.headers, ...headers } });
  const range = `from=${T0}&to=${T0 + 3 * 86_400 - 1}`;

  const rows = (await get(`/api/reports/clicks/?${range}`)).json();
  t.equal(rows.data.length, 2, 'counted clicks only');
  t.equal(rows.totals.clicks, 2);
  t.not(rows.data[1].user_hash, 'visitor-1', 'a pseudonym, never the visitor id');
  t.equal(rows.data[1].ip, '203.0.113.0', 'the network, as api.php shows it');
  const days = (await get(`/api/reports/clicks/?${range}&group_by=day`)).json();
  t.same(days.data.map((d: { period: string; clicks: number }) => [d.period, d.clicks]), [['2026-01-10', 1], ['2026-01-11', 1], ['2026-01-12', 0]]);
  const months = (await get(`/api/reports/exchanges/?${range}&group_by=month`)).json();
  t.same(months.data.map((d: { period: string }) => d.period), ['2026-01']);

  const csv = await get(`/api/reports/clicks/?${range}&group_by=day`, { accept: 'text/csv' });
  t.match(csv.headers['content-type'], /^text\/csv/);
  t.equal(csv.body.split('\r\n')[0], 'period,clicks,exchanges,successful,earned,conversion');
  t.equal((await get(`/api/reports/clicks/?${range}&format=csv`)).body.split('\r\n').length, 4, 'a header, two rows, the final CRLF');
  t.equal((await get('/api/reports/payouts/', { accept: 'text/csv' })).statusCode, 200);
  t.equal((await get('/api/partner/summary/', { accept: 'text/csv' })).statusCode, 406, 'no CSV where there is no table');
  t.equal((await get(`/api/reports/rewards/?${range}`)).statusCode, 200);
  const bad = await get('/api/reports/clicks/?group_by=year');
  t.same([bad.statusCode, bad.json().code], [400, 'ValidationError']);
});

t.test('GET /api/reports/rewards/ › pages through every entry of the period, totals over all of them (not only the latest 1000)', async (t) => {
  const app = await build(t);
  const s = await signedIn(app);
  // Two old entries in January, then 1,000 newer ones in February: the old ones are past the latest 1000.
  await app.repos.ledger.adjust({ partnerId: s.partner.id, amount: 7, reason: 'old', at: T0 });
  await app.repos.ledger.adjust({ partnerId: s.partner.id, amount: 5, reason: 'old', at: T0 + 60 });
  for (let i = 0; i < 1000; i++) await app.repos.ledger.adjust({ partnerId: s.partner.id, amount: 1, reason: 'new', at: T0 + 40 * 86_400 + i });
  const get = (query: string) => app.inject({ url: `/api/reports/rewards/?${query}`, headers: s.headers });
  const january = (await get(`from=${T0}&to=${T0 + 86_400}`)).json();
  t.same(january.data.map((e: { amount: string; reason: string }) => [e.amount, e.reason]), [['0.00000005', 'old'], ['0.00000007', 'old']]);
  t.same([january.totals.count, january.totals.amount], [2, '0.00000012']);
  const all = `from=${T0}&to=${T0 + 50 * 86_400}`;
  const last = (await get(`${all}&limit=1000&offset=1000`)).json();
  t.same(last.data.map((e: { reason: string }) => e.reason), ['old', 'old'], 'the last page reaches the oldest entries');
  t.same([last.totals.count, last.totals.amount], [1002, '0.00001012']);
});

t.test('payouts, methods, keys, links › the partner\'s own; another partner\'s ids are NotFound', async (t) => {
  const app = await build(t);
  const me = await signedIn(app, { min_payout: '1' });
  const other = await signedIn(app, { min_payout: '1' });
  const method = await makeMethod(app.repos);
  for (const p of [me, other]) await app.repos.ledger.adjust({ partnerId: p.partner.id, amount: 50_00000000, reason: 'credit', at: T0 });
  const as = (who: typeof me) => (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

  const created = await as(me)('POST', '/api/payouts/', { method_id: method.id, account: 'U1', amount: '12.5' });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { payout: { amount: '12.5', status: 0 }, balance: '37.5' });
  const id = created.json().payout.id as number;
  t.equal((await as(other)('POST', `/api/payouts/${id}/cancel/`)).statusCode, 404, 'another partner\'s payout');
  t.equal((await as(other)('GET', '/api/payouts/')).json().data.length, 0);
  const canceled = await as(me)('POST', `/api/payouts/${id}/cancel/`);
  t.match(canceled.json(), { payout: { status: 3 }, balance: '50' });
  const short = await as(me)('POST', '/api/payouts/', { method_id: method.id, account: 'U1', amount: '1000' });
  t.same([short.statusCode, short.json().code], [400, 'ValidationError']);
  t.equal((await as(me)('GET', '/api/payout-methods/')).json().data[0].id, method.id);

  const key = await as(me)('POST', '/api/keys/');
  t.equal(key.statusCode, 201);
  const prefix = key.json().prefix as string;
  t.same((await as(me)('GET', '/api/keys/')).json().data.map((k: { prefix: string }) => k.prefix), [prefix]);
  t.equal((await as(other)('DELETE', `/api/keys/${prefix}/`)).statusCode, 404, 'another partner\'s key');
  t.equal((await as(me)('DELETE', `/api/keys/${prefix}/`)).statusCode, 204);
  t.equal((await as(me)('DELETE', `/api/keys/${prefix}/`)).statusCode, 404, 'already revoked');
  for (const bad of ['%00abcdef', 'a%C3%A9', 'x'.repeat(40)]) {
    const res = await as(me)('DELETE', `/api/keys/${bad}/`);
    t.same([res.statusCode, res.json().code], [404, 'NotFound'], `not a prefix: ${bad} (a NUL was a 500 on PostgreSQL)`);
  }
  for (let i = 0; i < 20; i++) t.equal((await as(me)('POST', '/api/keys/')).statusCode, 201);
  const tooMany = await as(me)('POST', '/api/keys/');
  t.same([tooMany.statusCode, tooMany.json().code], [400, 'ValidationError']);
  t.match(tooMany.json().errors.non_field_errors, [/At most 20 active API keys/]);

  const link = await makeLink(app.repos, me.partner.id, 'MYLINK');
  await makeLink(app.repos, other.partner.id, 'THEIRS');
  const links = (await as(me)('GET', '/api/links/')).json().data;
  t.same(links.map((l: { code: string }) => l.code), ['MYLINK']);
  t.match(links[0], { id: link.id, kind: 'referral', url: /MYLINK/ });
});

t.test('POST /api/payouts/ › a refused amount, method or account is listed under that field', async (t) => {
  const app = await build(t);
  const me = await signedIn(app, { min_payout: '10' });
  const method = await makeMethod(app.repos);
  await app.repos.ledger.adjust({ partnerId: me.partner.id, amount: 50_00000000, reason: 'credit', at: T0 });
  const request = (payload: object) => app.inject({ method: 'POST', url: '/api/payouts/', headers: me.headers, payload: { method_id: method.id, account: 'U1', ...payload } });
  const cases: Array<[object, string, RegExp]> = [
    [{ amount: '5' }, 'amount', /below the minimum payout 10/],
    [{ amount: '0' }, 'amount', /positive amount/],
    [{ amount: '1.000000001' }, 'amount', /at most 8 decimals/],
    [{ method_id: 999 }, 'method_id', /no active payout method 999/],
    [{ account: '   ' }, 'account', /printable characters/],
  ];
  for (const [payload, field, message] of cases) {
    const res = await request(payload);
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.equal(res.json().code, 'ValidationError');
    t.match(res.json().errors, { [field]: [message] }, `${JSON.stringify(payload)} under ${field}`);
  }
  t.equal((await app.repos.partners.findById(me.partner.id))!.balance, 50_00000000, 'nothing reserved');
});
