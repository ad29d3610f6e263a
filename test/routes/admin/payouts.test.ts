import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { adminHeaders, build } from '../../helpers/build.js';
import { makeMethod, makePartner } from '../../helpers/ledger-factory.js';
import { instancesOnOneDatabase } from '../../helpers/instances.js';
import { PG_TEST_URL } from '../../helpers/pg.js';

const inject = (app: FastifyInstance, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: adminHeaders, ...(payload === undefined ? {} : { payload: payload as object }) });

/** A partner with `balance` credited through an adjustment, and one payout method. */
async function funded(t: Test, balance: string, partnerInput: Parameters<typeof makePartner>[1] = {}) {
  const app = await build(t);
  const partner = await makePartner(app.repos, { min_payout: '10', ...partnerInput });
  const method = await makeMethod(app.repos);
  if (balance !== '0') {
    const res = await inject(app, 'POST', `/admin/partners/${partner.id}/adjustments`, { amount: balance, reason: 'opening balance' });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  const request = (payload: Record<string, unknown> = {}) =>
    inject(app, 'POST', '/admin/payouts', { partner_id: partner.id, method_id: method.id, account: 'U1234567', ...payload });
  const stats = async () => (await inject(app, 'GET', `/admin/partners/${partner.id}`)).json();
  return { app, partner, method, request, stats };
}

t.test('POST /admin/payouts › reserves the whole balance by default; the ledger shows the debit', async (t) => {
  const { app, partner, method, request, stats } = await funded(t, '25.37');
  const res = await request();
  t.equal(res.statusCode, 201);
  t.match(res.json(), { partner_id: partner.id, method_id: method.id, account: 'U1234567', amount: '25.37', status: 'pending', paid_at: null, canceled_by: null });
  t.type(res.json().created_at, 'number');
  t.match(await stats(), { balance: '0', total_pending: '25.37', total_paid: '0', total_earned: '25.37' });
  const ledger = (await inject(app, 'GET', `/admin/partners/${partner.id}/ledger`)).json();
  t.same(ledger.items.map((e: { kind: string; amount: string; payout_id: number | null }) => [e.kind, e.amount, e.payout_id]),
    [['payout', '-25.37', res.json().id], ['adjustment', '25.37', null]]);
});

t.test('POST /admin/payouts › an explicit amount leaves the rest on the balance', async (t) => {
  const { request, stats } = await funded(t, '100');
  const res = await request({ amount: '40.5' });
  t.equal(res.statusCode, 201);
  t.equal(res.json().amount, '40.5');
  t.equal((await stats()).balance, '59.5');
});

t.test('POST /admin/payouts › refused below the minimum, above the balance, at zero', async (t) => {
  const { request, stats } = await funded(t, '9.99');
  const low = await request();
  t.equal(low.statusCode, 422);
  t.match(low.json().error, { code: 'RL_INSUFFICIENT_BALANCE', message: 'The balance 9.99 is below the minimum payout 10' });
  const small = await request({ amount: '5' });
  t.equal(small.statusCode, 400);
  t.match(small.json().error.message, /amount: 5 is below the minimum payout 10/);
  const zero = await request({ amount: '0' });
  t.equal(zero.statusCode, 400);
  t.match(zero.json().error.message, /amount/);
  const over = await request({ amount: '10.01' });
  t.equal(over.statusCode, 422);
  t.match(over.json().error.message, '10.01 exceeds the available balance 9.99');
  t.equal((await stats()).balance, '9.99');
});

t.test('POST /admin/payouts › nothing to pay, unknown partner, deleted method, blocked partner', async (t) => {
  const { app, partner, method, request } = await funded(t, '0', { min_payout: '0' });
  const empty = await request();
  t.equal(empty.statusCode, 422);
  t.match(empty.json().error.message, 'Nothing to pay out');
  await inject(app, 'POST', `/admin/partners/${partner.id}/adjustments`, { amount: '50', reason: 'bonus' });
  const unknown = await inject(app, 'POST', '/admin/payouts', { partner_id: 999, method_id: method.id, account: 'x' });
  t.equal(unknown.statusCode, 404);
  await app.inject({ method: 'DELETE', url: `/admin/payout-methods/${method.id}`, headers: adminHeaders });
  const deleted = await request();
  t.equal(deleted.statusCode, 400);
  t.match(deleted.json().error.message, /method_id/);
  const other = await makeMethod(app.repos);
  await app.repos.partners.update(partner.id, { status: 'blocked' });
  const blocked = await request({ method_id: other.id });
  t.equal(blocked.statusCode, 403);
  t.equal(blocked.json().error.code, 'RL_PARTNER_BLOCKED');
  const blank = await request({ method_id: other.id, account: '   ' });
  t.equal(blank.statusCode, 403, 'a blocked partner is refused before anything else is checked');
  await app.repos.partners.update(partner.id, { status: 'pending' });
  const pending = await request({ method_id: other.id });
  t.same([pending.statusCode, pending.json().error], [403, { code: 'RL_PARTNER_PENDING', message: 'Partner is awaiting approval' }], 'a sign-up not yet approved is not called blocked');
});

t.test('POST /admin/payouts › two simultaneous requests for the whole balance: exactly one succeeds', async (t) => {
  const { request, stats } = await funded(t, '80');
  const results = await Promise.all([request(), request(), request({ amount: '80' })]);
  t.same(results.map((r) => r.statusCode).sort(), [201, 422, 422]);
  t.match(await stats(), { balance: '0', total_pending: '80' });
});

t.test('POST /admin/payouts/:id/pay › pending → paid with time and tx_ref; repeats are idempotent', async (t) => {
  const { app, request, stats } = await funded(t, '30');
  const id = (await request()).json().id;
  const paid = await inject(app, 'POST', `/admin/payouts/${id}/pay`, { tx_ref: 'PM-778812' });
  t.equal(paid.statusCode, 200);
  t.match(paid.json(), { id, status: 'paid', tx_ref: 'PM-778812', canceled_at: null });
  t.type(paid.json().paid_at, 'number');
  t.match(await stats(), { balance: '0', total_paid: '30', total_pending: '0', total_earned: '30' });
  const again = await inject(app, 'POST', `/admin/payouts/${id}/pay`, { tx_ref: 'PM-778812' });
  t.equal(again.statusCode, 200);
  t.same(again.json(), paid.json());
  const other = await inject(app, 'POST', `/admin/payouts/${id}/pay`, { tx_ref: 'PM-000001' });
  t.equal(other.statusCode, 409);
  const cancel = await inject(app, 'POST', `/admin/payouts/${id}/cancel`);
  t.equal(cancel.statusCode, 422);
  t.match(cancel.json().error.message, 'only a pending payout can be canceled');
  t.equal((await stats()).balance, '0');
  const noBody = await inject(app, 'POST', '/admin/payouts/424242/pay');
  t.equal(noBody.statusCode, 404);
});

t.test('POST /admin/payouts/:id/cancel › gives the amount back once; a canceled payout cannot be paid', async (t) => {
  const { app, partner, request, stats } = await funded(t, '30');
  const id = (await request({ amount: '12' })).json().id;
  const canceled = await inject(app, 'POST', `/admin/payouts/${id}/cancel`);
  t.equal(canceled.statusCode, 200);
  t.match(canceled.json(), { status: 'canceled', canceled_by: 'operator', paid_at: null });
  t.equal((await stats()).balance, '30');
  const twice = await Promise.all([inject(app, 'POST', `/admin/payouts/${id}/cancel`), inject(app, 'POST', `/admin/payouts/${id}/cancel`)]);
  t.same(twice.map((r) => r.statusCode), [200, 200]);
  t.equal((await stats()).balance, '30', 'released once');
  const pay = await inject(app, 'POST', `/admin/payouts/${id}/pay`);
  t.equal(pay.statusCode, 422);
  const kinds = (await app.repos.ledger.listByPartner(partner.id)).map((e) => [e.kind, e.amount]);
  t.same(kinds, [['payout_release', 1_200_000_000], ['payout', -1_200_000_000], ['adjustment', 3_000_000_000]]);
});

t.test('GET /admin/payouts › lists by status and partner', async (t) => {
  const { app, partner, request } = await funded(t, '100');
  const a = (await request({ amount: '10' })).json().id;
  const b = (await request({ amount: '20' })).json().id;
  const c = (await request({ amount: '30' })).json().id;
  await inject(app, 'POST', `/admin/payouts/${a}/pay`);
  await inject(app, 'POST', `/admin/payouts/${b}/cancel`);
  const ids = async (query: string) => (await inject(app, 'GET', `/admin/payouts${query}`)).json().items.map((p: { id: number }) => p.id);
  t.same(await ids('?status=pending'), [c]);
  t.same(await ids('?status=paid'), [a]);
  t.same(await ids('?status=canceled'), [b]);
  t.same((await ids(`?partner_id=${partner.id}`)).sort(), [a, b, c]);
  t.same(await ids('?partner_id=999'), []);
  t.equal((await inject(app, 'GET', '/admin/payouts?status=lost')).statusCode, 400);
  const one = await inject(app, 'GET', `/admin/payouts/${a}`);
  t.match(one.json(), { id: a, amount: '10', status: 'paid' });
});

t.test('POST /admin/partners/:id/adjustments › signed corrections with a reason', async (t) => {
  const { app, partner, stats } = await funded(t, '0');
  const plus = await inject(app, 'POST', `/admin/partners/${partner.id}/adjustments`, { amount: 12.3, reason: 'missed exchange ex-77' });
  t.equal(plus.statusCode, 201);
  t.match(plus.json(), { balance: '12.3', entry: { kind: 'adjustment', amount: '12.3', reason: 'missed exchange ex-77' } });
  const minus = await inject(app, 'POST', `/admin/partners/${partner.id}/adjustments`, { amount: '-20', reason: 'chargeback' });
  t.equal(minus.json().balance, '-7.7');
  t.match(await stats(), { balance: '-7.7', total_earned: '-7.7' });
  const cases: Array<[number, unknown, RegExp]> = [
    [partner.id, { amount: '0', reason: 'x' }, /non-zero/],
    [partner.id, { amount: '1.000000001', reason: 'x' }, /amount/],
    [partner.id, { amount: '1', reason: '' }, /reason/],
    [partner.id, { amount: '1' }, /reason/],
  ];
  for (const [id, body, message] of cases) {
    const res = await inject(app, 'POST', `/admin/partners/${id}/adjustments`, body);
    t.equal(res.statusCode, 400, JSON.stringify(body));
    t.match(res.json().error.message, message);
  }
  t.equal((await inject(app, 'POST', '/admin/partners/999/adjustments', { amount: '1', reason: 'x' })).statusCode, 404);
});

t.test('GET /admin/partners/:id/ledger › pages past the first 1000 entries: the pages add up to the balance', async (t) => {
  const { app, partner } = await funded(t, '0');
  for (let i = 1; i <= 1002; i++) await app.repos.ledger.adjust({ partnerId: partner.id, amount: i, reason: `entry ${i}`, at: 1_700_000_000 + i });
  const page = async (query: string) => (await inject(app, 'GET', `/admin/partners/${partner.id}/ledger${query}`)).json();
  const first = await page('');
  t.equal(first.items.length, 1000, 'the first page: 1000 entries, as before');
  const rest = await page('?offset=1000');
  t.same(rest.items.map((e: { reason: string }) => e.reason), ['entry 2', 'entry 1'], 'the oldest entries are reachable');
  const units = [...first.items, ...rest.items].reduce((sum: bigint, e: { amount: string }) => sum + BigInt(Math.round(Number(e.amount) * 1e8)), 0n);
  t.equal(String(units), String(1002n * 1003n / 2n));
  t.equal(first.balance, String(1002 * 1003 / 2 / 1e8));
  t.same((await page('?limit=2&offset=1')).items.map((e: { reason: string }) => e.reason), ['entry 1001', 'entry 1000']);
  t.equal((await inject(app, 'GET', `/admin/partners/${partner.id}/ledger?limit=0`)).statusCode, 400);
});

t.test('GET /admin/payouts › limit and offset page the list', async (t) => {
  const { request, app } = await funded(t, '100', { min_payout: '0' });
  for (const amount of ['1', '2', '3']) t.equal((await request({ amount })).statusCode, 201);
  const page = async (query: string) => (await inject(app, 'GET', `/admin/payouts${query}`)).json().items.map((p: { amount: string }) => p.amount);
  t.same(await page(''), ['3', '2', '1']);
  t.same(await page('?limit=1&offset=1'), ['2']);
  t.same(await page('?status=pending&offset=2'), ['1']);
  t.equal((await inject(app, 'GET', '/admin/payouts?limit=1001')).statusCode, 400);
});

t.test('POST /admin/payouts/:id/pay and /cancel at once (two instances on PostgreSQL): one wins, the balance follows it', async (t) => {
  const apps = PG_TEST_URL ? await instancesOnOneDatabase(t, 2) : [await build(t)];
  const app = apps[0]!;
  const partner = await makePartner(app.repos, { min_payout: '1' });
  const method = await makeMethod(app.repos);
  await inject(app, 'POST', `/admin/partners/${partner.id}/adjustments`, { amount: '100', reason: 'opening balance' });
  for (let round = 0; round < 5; round++) {
    const id = (await inject(app, 'POST', '/admin/payouts', { partner_id: partner.id, method_id: method.id, account: 'U1', amount: '10' })).json().id as number;
    const [pay, cancel] = await Promise.all([
      inject(apps[0]!, 'POST', `/admin/payouts/${id}/pay`), inject(apps[apps.length - 1]!, 'POST', `/admin/payouts/${id}/cancel`),
    ]);
    t.same([pay.statusCode, cancel.statusCode].sort(), [200, 422], `round ${round}: one move wins`);
    const released = (await app.repos.ledger.listByPartner(partner.id)).filter((e) => e.kind === 'payout_release' && e.payoutId === id).length;
    t.equal(released, cancel.statusCode === 200 ? 1 : 0, 'the amount comes back only when the cancel won');
  }
  const stats = (await inject(app, 'GET', `/admin/partners/${partner.id}`)).json();
  t.equal(Number(stats.balance) + Number(stats.total_paid), 100, 'balance and paid add up to what was credited');
});
