import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { adminHeaders, build } from '../../helpers/build.js';
import { addClick, exchangeBody, makeKeyUsedFrom, makeLink, makePartner } from '../../helpers/ledger-factory.js';

const post = (app: FastifyInstance, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: body });

async function balanceOf(app: FastifyInstance, partnerId: number) {
  const res = await app.inject({ method: 'GET', url: `/admin/partners/${partnerId}`, headers: adminHeaders });
  return res.json().balance as string;
}

async function setup(t: Test, percent = '10') {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: percent });
  const link = await makeLink(app.repos, partner.id, 'RADAR24');
  return { app, partner, link };
}

t.test('POST /admin/exchanges › a new success through ref_code → 201, reward credited to the last digit', async (t) => {
  const { app, partner } = await setup(t, '0.33');
  const res = await post(app, exchangeBody({ ref_code: 'RADAR24', reward_base_amount: '9.5' }));
  t.equal(res.statusCode, 201);
  const body = res.json();
  t.match(body, { external_id: 'ex-1', partner_id: partner.id, status: 'success', reward_percent: '0.33', accrued: true, flag: null });
  // 9.5 × 0.33 / 100 = 0.03135, rounded down to cents.
  t.equal(body.reward, '0.03');
  t.equal(body.reward_base_amount, '9.5');
  t.equal(await balanceOf(app, partner.id), '0.03');
  const entries = await app.repos.ledger.listByPartner(partner.id);
  t.same(entries.map((e) => [e.kind, e.amount, e.exchangeId]), [['reward', 3_000_000, body.id]]);
});

t.test('POST /admin/exchanges › the same call repeated → 200, identical body, nothing changes', async (t) => {
  const { app, partner } = await setup(t);
  const first = await post(app, exchangeBody({ ref_code: 'RADAR24' }));
  const again = await post(app, exchangeBody({ ref_code: 'RADAR24' }));
  const numeric = await post(app, exchangeBody({ ref_code: 'RADAR24', amount_give: 500, reward_base_amount: '100.00' }));
  t.equal(first.statusCode, 201);
  t.equal(again.statusCode, 200);
  t.equal(numeric.statusCode, 200, 'the same decimals written differently are the same report');
  t.same(again.json(), first.json());
  t.equal(await balanceOf(app, partner.id), '10');
  t.equal((await app.repos.ledger.listByPartner(partner.id)).length, 1);
});

t.test('POST /admin/exchanges › concurrent duplicate first reports → one 201, one ledger entry', async (t) => {
  const { app, partner } = await setup(t);
  const results = await Promise.all(Array.from({ length: 6 }, () => post(app, exchangeBody({ ref_code: 'RADAR24' }))));
  t.same(results.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 200, 201]);
  t.equal(new Set(results.map((r) => r.json().id)).size, 1);
  t.equal(await balanceOf(app, partner.id), '10');
  t.equal((await app.repos.ledger.listByPartner(partner.id)).length, 1);
});

t.test('POST /admin/exchanges › concurrent duplicate pending → success reports credit once', async (t) => {
  const { app, partner } = await setup(t);
  t.equal((await post(app, exchangeBody({ ref_code: 'RADAR24', status: 'pending' }))).statusCode, 201);
  const results = await Promise.all(Array.from({ length: 5 }, () => post(app, exchangeBody({ ref_code: 'RADAR24' }))));
  t.same(results.map((r) => r.statusCode), [200, 200, 200, 200, 200]);
  t.ok(results.every((r) => r.json().status === 'success'));
  t.equal(await balanceOf(app, partner.id), '10');
  t.same((await app.repos.ledger.listByPartner(partner.id)).map((e) => e.kind), ['reward']);
});

t.test('POST /admin/exchanges › pending earns nothing until success; canceled never does', async (t) => {
  const { app, partner } = await setup(t);
  const pending = await post(app, exchangeBody({ ref_code: 'RADAR24', status: 'pending' }));
  t.equal(pending.statusCode, 201);
  t.match(pending.json(), { status: 'pending', reward: '0', accrued: false, reward_percent: null });
  t.equal(await balanceOf(app, partner.id), '0');
  const success = await post(app, exchangeBody({ ref_code: 'RADAR24', status: 'success' }));
  t.equal(success.statusCode, 200);
  t.match(success.json(), { status: 'success', reward: '10', accrued: true, reward_percent: '10' });
  t.equal(await balanceOf(app, partner.id), '10');

  t.equal((await post(app, exchangeBody({ external_id: 'ex-2', ref_code: 'RADAR24', status: 'pending' }))).statusCode, 201);
  const canceled = await post(app, exchangeBody({ external_id: 'ex-2', ref_code: 'RADAR24', status: 'canceled' }));
  t.equal(canceled.statusCode, 200);
  t.match(canceled.json(), { status: 'canceled', reward: '0', accrued: false });
  const direct = await post(app, exchangeBody({ external_id: 'ex-3', ref_code: 'RADAR24', status: 'canceled' }));
  t.equal(direct.statusCode, 201, 'a first report may be canceled directly');
  t.equal(await balanceOf(app, partner.id), '10');
});

t.test('POST /admin/exchanges › refunded after success writes a reversal; the balance may go negative', async (t) => {
  const { app, partner } = await setup(t);
  await post(app, exchangeBody({ ref_code: 'RADAR24', reward_base_amount: '123.45' }));
  t.equal(await balanceOf(app, partner.id), '12.34');
  // The partner spends part of the reward before the refund arrives.
  const adj = await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/adjustments`, headers: adminHeaders, payload: { amount: '-10', reason: 'paid out off-platform' } });
  t.equal(adj.statusCode, 201);
  const refund = await post(app, exchangeBody({ ref_code: 'RADAR24', reward_base_amount: '123.45', status: 'refunded' }));
  t.equal(refund.statusCode, 200);
  t.match(refund.json(), { status: 'refunded', reward: '12.34', accrued: false });
  t.equal(await balanceOf(app, partner.id), '-10');
  const kinds = (await app.repos.ledger.listByPartner(partner.id)).map((e) => [e.kind, e.amount]).reverse();
  t.same(kinds, [['reward', 1_234_000_000], ['adjustment', -1_000_000_000], ['reversal', -1_234_000_000]]);
  const retry = await post(app, exchangeBody({ ref_code: 'RADAR24', reward_base_amount: '123.45', status: 'refunded' }));
  t.equal(retry.statusCode, 200);
  t.equal(await balanceOf(app, partner.id), '-10', 'a repeated refund reverses nothing more');
});

t.test('POST /admin/exchanges › transitions outside the state machine → 422, nothing changes', async (t) => {
  const { app, partner } = await setup(t);
  const cases: Array<[string, string[], string]> = [
    ['a', ['success'], 'pending'],
    ['b', ['success'], 'canceled'],
    ['c', ['canceled'], 'success'],
    ['d', ['canceled'], 'refunded'],
    ['e', ['pending'], 'refunded'],
    ['f', ['success', 'refunded'], 'success'],
    ['g', ['success', 'refunded'], 'pending'],
    ['h', [], 'refunded'],
  ];
  for (const [id, history, next] of cases) {
    for (const status of history) await post(app, exchangeBody({ external_id: id, ref_code: 'RADAR24', status }));
    const before = await balanceOf(app, partner.id);
    const res = await post(app, exchangeBody({ external_id: id, ref_code: 'RADAR24', status: next }));
    t.equal(res.statusCode, 422, `${history.join(' → ') || 'unknown'} → ${next}`);
    t.equal(res.json().error.code, 'RL_UNPROCESSABLE');
    t.equal(await balanceOf(app, partner.id), before);
  }
  t.match((await post(app, exchangeBody({ external_id: 'c', ref_code: 'RADAR24', status: 'success' }))).json().error.message, 'cannot go from canceled to success');
});

t.test('POST /admin/exchanges › a retry with another amount or base → 409 naming the field', async (t) => {
  const { app, partner } = await setup(t);
  await post(app, exchangeBody({ ref_code: 'RADAR24', status: 'pending' }));
  const amount = await post(app, exchangeBody({ ref_code: 'RADAR24', amount_give: '501' }));
  t.equal(amount.statusCode, 409);
  t.match(amount.json().error, { code: 'RL_CONFLICT', message: /amount_give 500/ });
  const base = await post(app, exchangeBody({ ref_code: 'RADAR24', reward_base_amount: '99' }));
  t.equal(base.statusCode, 409);
  t.match(base.json().error.message, /reward_base_amount/);
  const code = await post(app, exchangeBody({ ref_code: 'OTHER1', status: 'pending' }));
  t.equal(code.statusCode, 409);
  // time may differ on a later report (engines stamp each report); the first one is kept.
  const later = await post(app, exchangeBody({ ref_code: 'RADAR24', time: 1_800_000_000 }));
  t.equal(later.statusCode, 200);
  t.not(later.json().time, 1_800_000_000);
  t.equal(await balanceOf(app, partner.id), '10');
});

t.test('POST /admin/exchanges › attribution through user_hash: the click of the visitor', async (t) => {
  const { app, partner, link } = await setup(t);
  const now = Math.floor(Date.now() / 1000);
  const click = await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'visitor0001', time: now - 3600 });
  const res = await post(app, exchangeBody({ user_hash: 'visitor0001' }));
  t.equal(res.statusCode, 201);
  t.match(res.json(), { partner_id: partner.id, click_id: click.id, reward: '10' });
});

t.test('POST /admin/exchanges › first vs last click decides between two partners', async (t) => {
  for (const model of ['first', 'last'] as const) {
    const app = await build(t, { attribution: model });
    const early = await makePartner(app.repos);
    const late = await makePartner(app.repos);
    const now = Math.floor(Date.now() / 1000);
    await addClick(app, { partnerId: early.id, linkId: (await makeLink(app.repos, early.id)).id, userHash: 'visitor0002', time: now - 7200 });
    await addClick(app, { partnerId: late.id, linkId: (await makeLink(app.repos, late.id)).id, userHash: 'visitor0002', time: now - 60 });
    const res = await post(app, exchangeBody({ user_hash: 'visitor0002', time: now }));
    t.equal(res.json().partner_id, model === 'first' ? early.id : late.id, `${model} click wins`);
  }
});

t.test('POST /admin/exchanges › a click older than the cookie window attributes nothing', async (t) => {
  const app = await build(t, { cookieDays: 30 });
  const partner = await makePartner(app.repos);
  const link = await makeLink(app.repos, partner.id);
  const now = Math.floor(Date.now() / 1000);
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'visitor0003', time: now - 31 * 86400 });
  const res = await post(app, exchangeBody({ user_hash: 'visitor0003', time: now }));
  t.equal(res.statusCode, 201);
  t.match(res.json(), { partner_id: null, reward: '0', accrued: false });
  t.equal(await balanceOf(app, partner.id), '0');
});

t.test('POST /admin/exchanges › ref_code beats user_hash; an unknown code is kept and ignored', async (t) => {
  const { app, partner } = await setup(t);
  const other = await makePartner(app.repos);
  const now = Math.floor(Date.now() / 1000);
  await addClick(app, { partnerId: other.id, linkId: (await makeLink(app.repos, other.id)).id, userHash: 'visitor0004', time: now - 60 });
  const typed = await post(app, exchangeBody({ external_id: 'typed', user_hash: 'visitor0004', ref_code: 'RADAR24' }));
  t.equal(typed.json().partner_id, partner.id);
  const unknown = await post(app, exchangeBody({ external_id: 'unknown', ref_code: 'NOSUCHCODE' }));
  t.equal(unknown.statusCode, 201);
  t.match(unknown.json(), { partner_id: null, ref_code: 'NOSUCHCODE', reward: '0' });
});

t.test('POST /admin/exchanges › a link disabled after the click: its visitor still attributes, its code does not', async (t) => {
  const { app, partner, link } = await setup(t);
  const now = Math.floor(Date.now() / 1000);
  const click = await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'visitor0005', time: now - 600 });
  const disabled = await app.inject({ method: 'DELETE', url: '/admin/links/RADAR24', headers: adminHeaders });
  t.equal(disabled.statusCode, 200);
  const byVisitor = await post(app, exchangeBody({ external_id: 'by-visitor', user_hash: 'visitor0005', time: now }));
  t.match(byVisitor.json(), { partner_id: partner.id, click_id: click.id, reward: '10' });
  const byCode = await post(app, exchangeBody({ external_id: 'by-code', ref_code: 'RADAR24', time: now }));
  t.match(byCode.json(), { partner_id: null, ref_code: 'RADAR24', reward: '0' });
  t.equal(await balanceOf(app, partner.id), '10');
});

t.test('POST /admin/exchanges › rewards below one cent are not credited', async (t) => {
  const { app, partner } = await setup(t, '0.5');
  const res = await post(app, exchangeBody({ ref_code: 'RADAR24', reward_base_amount: '1.99' }));
  t.equal(res.statusCode, 201);
  t.match(res.json(), { status: 'success', reward: '0', accrued: false, reward_percent: '0.5' });
  t.same(await app.repos.ledger.listByPartner(partner.id), []);
  const refund = await post(app, exchangeBody({ ref_code: 'RADAR24', reward_base_amount: '1.99', status: 'refunded' }));
  t.equal(refund.statusCode, 200);
  t.same(await app.repos.ledger.listByPartner(partner.id), [], 'nothing credited, nothing reversed');
});

t.test('POST /admin/exchanges › a crypto reward currency keeps 8 decimals', async (t) => {
  const app = await build(t, { rewardCurrency: 'BTC' });
  const partner = await makePartner(app.repos, { reward_percent: '0.33' });
  await makeLink(app.repos, partner.id, 'BTCREF');
  const res = await post(app, exchangeBody({ ref_code: 'BTCREF', reward_base_amount: '0.00123457' }));
  // 0.00123457 × 0.33% = 0.0000040740810 → 0.00000407
  t.equal(res.json().reward, '0.00000407');
});

t.test('POST /admin/exchanges › turnover levels raise the percent after the threshold', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, {
    reward_percent: '1', reward_levels: [{ turnover: '0', percent: '30' }, { turnover: '1000', percent: '40' }],
  });
  await makeLink(app.repos, partner.id, 'LEVELS');
  const one = await post(app, exchangeBody({ external_id: 'l1', ref_code: 'LEVELS', reward_base_amount: '999.99' }));
  t.match(one.json(), { reward_percent: '30', reward: '299.99' });
  // Pending turnover does not count; successful turnover before this exchange does.
  await post(app, exchangeBody({ external_id: 'l2', ref_code: 'LEVELS', reward_base_amount: '5', status: 'pending' }));
  const two = await post(app, exchangeBody({ external_id: 'l3', ref_code: 'LEVELS', reward_base_amount: '0.01' }));
  t.match(two.json(), { reward_percent: '30', reward: '0' });
  const three = await post(app, exchangeBody({ external_id: 'l4', ref_code: 'LEVELS', reward_base_amount: '10' }));
  t.match(three.json(), { reward_percent: '40', reward: '4' });
  const stats = (await app.inject({ method: 'GET', url: `/admin/partners/${partner.id}`, headers: adminHeaders })).json();
  t.match(stats, { turnover: '1010', current_percent: '40', balance: '303.99' });
});

t.test('POST /admin/exchanges › self-referral by email or by the API-key IP is stored, flagged, unpaid', async (t) => {
  const { app, partner, link } = await setup(t);
  const byEmail = await post(app, exchangeBody({ external_id: 's1', ref_code: 'RADAR24', customer_email: partner.email.toUpperCase() }));
  t.equal(byEmail.statusCode, 201);
  t.match(byEmail.json(), { partner_id: partner.id, flag: 'self_referral', reward: '0', accrued: false });

  await makeKeyUsedFrom(app.repos, partner.id, '203.0.113.99');
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'selfvisitor', time: Math.floor(Date.now() / 1000) - 60, ip: '203.0.113.99' });
  const pending = await post(app, exchangeBody({ external_id: 's2', ref_code: 'RADAR24', user_hash: 'selfvisitor', status: 'pending' }));
  t.equal(pending.json().flag, 'self_referral', 'flagged as soon as reported');
  const byIp = await post(app, exchangeBody({ external_id: 's2', ref_code: 'RADAR24', user_hash: 'selfvisitor' }));
  t.match(byIp.json(), { flag: 'self_referral', reward: '0', status: 'success' });

  const honest = await post(app, exchangeBody({ external_id: 's3', ref_code: 'RADAR24', customer_email: 'someone@else.example' }));
  t.match(honest.json(), { flag: null, reward: '10' });
  t.equal(await balanceOf(app, partner.id), '10');

  const flagged = await app.inject({ method: 'GET', url: '/admin/exchanges?flagged=true', headers: adminHeaders });
  t.same(flagged.json().items.map((e: { external_id: string }) => e.external_id).sort(), ['s1', 's2']);
});

t.test('POST /admin/exchanges › a blocked partner earns nothing; the exchange is kept and flagged', async (t) => {
  const { app, partner } = await setup(t);
  await app.repos.partners.update(partner.id, { status: 'blocked' });
  const res = await post(app, exchangeBody({ ref_code: 'RADAR24' }));
  t.equal(res.statusCode, 201);
  t.match(res.json(), { partner_id: partner.id, flag: 'partner_blocked', reward: '0' });
  t.equal(await balanceOf(app, partner.id), '0');
});

t.test('POST /admin/exchanges › invalid input → 400 naming the field', async (t) => {
  const app = await build(t);
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [exchangeBody({ status: 'done' }), /status/],
    [exchangeBody({ amount_give: 'abc' }), /amount_give/],
    [exchangeBody({ amount_give: '-1' }), /amount_give/],
    [exchangeBody({ reward_base_amount: '-5' }), /reward_base_amount/],
    [exchangeBody({ reward_base_amount: '0.000000001' }), /reward_base_amount/],
    [exchangeBody({ external_id: 'has space' }), /external_id/],
    [exchangeBody({ user_hash: 'x' }), /user_hash/],
    [exchangeBody({ time: 1.5 }), /time/],
    [exchangeBody({ cur_give: '<b>' }), /cur_give/],
    [exchangeBody({ customer_email: 'nope' }), /customer_email/],
    [{ external_id: 'ex-9' }, /^Missing field "cur_give"$/],
  ];
  for (const [body, message] of cases) {
    const res = await post(app, body);
    t.equal(res.statusCode, 400, JSON.stringify(body));
    t.equal(res.json().error.code, 'RL_VALIDATION');
    t.match(res.json().error.message, message);
  }
  const bad = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: { ...adminHeaders, 'content-type': 'application/json' }, payload: '{"external_id":' });
  t.same([bad.statusCode, bad.json()], [400, { error: { code: 'RL_BAD_BODY', message: 'The body is not valid JSON' } }]);
});

t.test('POST /admin/exchanges › an integer external_id beyond 2^53 is refused, not merged with a neighbour', async (t) => {
  const app = await build(t);
  // JSON numbers above 2^53 - 1 reach the server rounded: 1796115206123456789 and …790 both read
  // as 1796115206123456800, and the second exchange would pass for a retry of the first.
  const raw = (id: string) => app.inject({
    method: 'POST', url: '/admin/exchanges', headers: { ...adminHeaders, 'content-type': 'application/json' },
    payload: JSON.stringify(exchangeBody({ status: 'pending' })).replace('"ex-1"', id),
  });
  for (const id of ['1796115206123456789', '1796115206123456790', '9007199254740992', '1e21', '1.5', '-1']) {
    const res = await raw(id);
    t.equal(res.statusCode, 400, id);
    t.match(res.json().error, { code: 'RL_VALIDATION', message: /external_id/ });
  }
  t.equal((await app.repos.exchanges.list({ limit: 10, offset: 0 })).length, 0, 'nothing written');
  const largest = await raw('9007199254740991');
  t.equal(largest.statusCode, 201);
  t.equal(largest.json().external_id, '9007199254740991', 'an exact integer is kept exactly');
  t.equal((await raw('"1796115206123456789"')).json().external_id, '1796115206123456789', 'as a string, any id is exact');
});

t.test('GET /admin/exchanges › filters by partner, status and time', async (t) => {
  const { app, partner } = await setup(t);
  await post(app, exchangeBody({ external_id: 'a', ref_code: 'RADAR24', time: 1_700_000_000 }));
  await post(app, exchangeBody({ external_id: 'b', ref_code: 'RADAR24', time: 1_700_000_100, status: 'pending' }));
  await post(app, exchangeBody({ external_id: 'c', time: 1_700_000_200 }));
  const list = async (query: string) => (await app.inject({ method: 'GET', url: `/admin/exchanges${query}`, headers: adminHeaders }))
    .json().items.map((e: { external_id: string }) => e.external_id);
  t.same(await list(''), ['c', 'b', 'a'], 'newest first');
  t.same(await list(`?partner_id=${partner.id}`), ['b', 'a']);
  t.same(await list('?status=pending'), ['b']);
  t.same(await list('?from=1700000050&to=1700000150'), ['b']);
  t.same(await list('?limit=1&offset=1'), ['b']);
  const bad = await app.inject({ method: 'GET', url: '/admin/exchanges?status=weird', headers: adminHeaders });
  t.equal(bad.statusCode, 400);
});
