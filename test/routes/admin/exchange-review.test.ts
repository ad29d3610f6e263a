import { PassThrough } from 'node:stream';
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { adminHeaders, build } from '../../helpers/build.js';
import { addClick, exchangeBody, makeKeyUsedFrom, makeLink, makePartner } from '../../helpers/ledger-factory.js';

const post = (app: FastifyInstance, url: string, payload: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url, headers: adminHeaders, payload });

async function balanceOf(app: FastifyInstance, partnerId: number) {
  return (await app.inject({ method: 'GET', url: `/admin/partners/${partnerId}`, headers: adminHeaders })).json().balance as string;
}

/** An exchange by a visitor who clicked from the address the partner used its key from. */
async function sharedAddressExchange(t: Test, ip: string, externalId = 'x1') {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  const link = await makeLink(app.repos, partner.id, 'RADAR24');
  await makeKeyUsedFrom(app.repos, partner.id, ip);
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'visitor1', time: Math.floor(Date.now() / 1000) - 60, ip });
  const res = await post(app, '/admin/exchanges', exchangeBody({ external_id: externalId, user_hash: 'visitor1' }));
  return { app, partner, exchange: res.json() };
}

t.test('self-referral › the same public address flags the exchange', async (t) => {
  const { exchange } = await sharedAddressExchange(t, '203.0.113.99');
  t.match(exchange, { flag: 'self_referral', reward: '0' });
});

for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.10', '::1', 'fd00::5', '::ffff:172.16.0.4']) {
  t.test(`self-referral › the operator's own address ${ip} is no evidence: the reward is paid`, async (t) => {
    const { app, partner, exchange } = await sharedAddressExchange(t, ip);
    t.match(exchange, { flag: null, reward: '10', accrued: true });
    t.equal(await balanceOf(app, partner.id), '10');
  });
}

t.test('POST /admin/exchanges/:id/approve › credits the withheld reward as a new entry, records who and when', async (t) => {
  const { app, partner, exchange } = await sharedAddressExchange(t, '203.0.113.99');
  t.equal(await balanceOf(app, partner.id), '0');
  const listed = async (query: string) => (await app.inject({ method: 'GET', url: `/admin/exchanges?${query}`, headers: adminHeaders })).json().items.map((e: { id: number }) => e.id);
  t.same(await listed('review=pending'), [exchange.id], 'awaiting a decision');
  for (const by of ['a\x1b[2J', 'a\u202eb', '']) {
    const refused = await post(app, `/admin/exchanges/${exchange.id}/approve`, { by });
    t.equal(refused.statusCode, 400, JSON.stringify(by));
    t.match(refused.json().error, { code: 'RL_VALIDATION', message: /^Invalid by: / });
  }
  const res = await post(app, `/admin/exchanges/${exchange.id}/approve`, { by: 'alice' });
  t.equal(res.statusCode, 200);
  t.match(res.json(), { flag: 'self_referral', review: 'approved', reviewed_by: 'alice', reward: '10', accrued: true });
  t.ok(Math.abs(res.json().reviewed_at - Date.now() / 1000) < 60);
  t.equal(await balanceOf(app, partner.id), '10');
  t.same((await app.repos.ledger.listByPartner(partner.id)).map((e) => [e.kind, e.amount, e.exchangeId]), [['reward', 1_000_000_000, exchange.id]]);

  t.same(await listed('review=pending'), [], 'decided: no longer awaiting');
  t.same(await listed('review=approved'), [exchange.id]);
  t.same(await listed('flagged=true'), [exchange.id], 'still flagged');
  t.equal((await app.inject({ method: 'GET', url: '/admin/exchanges?review=maybe', headers: adminHeaders })).statusCode, 400);
  const again = await post(app, `/admin/exchanges/${exchange.id}/approve`);
  t.equal(again.statusCode, 409, 'one decision per exchange');
  t.equal(await balanceOf(app, partner.id), '10', 'never credited twice');
  const shown = await app.inject({ method: 'GET', url: `/admin/exchanges/${exchange.id}`, headers: adminHeaders });
  t.match(shown.json(), { id: exchange.id, review: 'approved', reviewed_by: 'alice' });

  // A refund after the approval claws the approved reward back.
  const refund = await post(app, '/admin/exchanges', exchangeBody({ external_id: 'x1', user_hash: 'visitor1', status: 'refunded' }));
  t.equal(refund.statusCode, 200);
  t.equal(await balanceOf(app, partner.id), '0');
});

t.test('POST /admin/exchanges/:id/reject › keeps the reward withheld, recorded; approve after it is refused', async (t) => {
  const { app, partner, exchange } = await sharedAddressExchange(t, '203.0.113.99');
  const res = await post(app, `/admin/exchanges/${exchange.id}/reject`);
  t.equal(res.statusCode, 200);
  t.match(res.json(), { review: 'rejected', reviewed_by: 'admin-api', reward: '0', accrued: false });
  t.equal((await post(app, `/admin/exchanges/${exchange.id}/approve`)).statusCode, 409);
  t.equal(await balanceOf(app, partner.id), '0');
  t.same(await app.repos.ledger.listByPartner(partner.id), []);
});

t.test('exchange review › unflagged 422, unknown 404, pending cannot be approved', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await makeLink(app.repos, partner.id, 'RADAR24');
  const clean = (await post(app, '/admin/exchanges', exchangeBody({ ref_code: 'RADAR24' }))).json();
  t.equal((await post(app, `/admin/exchanges/${clean.id}/approve`)).statusCode, 422);
  t.equal((await post(app, '/admin/exchanges/9999/approve')).statusCode, 404);
  t.equal((await app.inject({ method: 'GET', url: '/admin/exchanges/9999', headers: adminHeaders })).statusCode, 404);
  const pending = (await post(app, '/admin/exchanges', exchangeBody({ external_id: 'p1', ref_code: 'RADAR24', customer_email: partner.email, status: 'pending' }))).json();
  t.equal(pending.flag, 'self_referral');
  const refused = await post(app, `/admin/exchanges/${pending.id}/approve`);
  t.equal(refused.statusCode, 422);
  t.match(refused.json().error.message, /is pending/);
  t.equal((await app.inject({ method: 'POST', url: '/admin/exchanges/1/approve', payload: {} })).statusCode, 401);
});

t.test('start › X-Forwarded-For without a trusted proxy is warned about once', async (t) => {
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (d) => { log += d; });
  const app = await build(t, { logLevel: 'warn' }, { logStream: stream });
  await app.inject({ method: 'GET', url: '/healthz' });
  t.notMatch(log, /X-Forwarded-For/);
  for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-for': '198.51.100.7' } });
  t.equal(log.match(/X-Forwarded-For but RATELINK_TRUST_PROXY is not set/g)?.length, 1);
  const trusted = await build(t, { logLevel: 'warn', trustProxy: '127.0.0.1' }, { logStream: stream });
  log = '';
  await trusted.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-for': '198.51.100.7' } });
  t.equal(log, '');
});

t.test('review at once › approve, reject and a second approve of one flagged exchange: one decision, the credit at most once', async (t) => {
  const { app, partner, exchange } = await sharedAddressExchange(t, '203.0.113.99');
  const answers = await Promise.all([
    post(app, `/admin/exchanges/${exchange.id}/approve`, { by: 'alice' }),
    post(app, `/admin/exchanges/${exchange.id}/reject`, { by: 'bob' }),
    post(app, `/admin/exchanges/${exchange.id}/approve`, { by: 'carol' }),
  ]);
  const won = answers.filter((res) => res.statusCode === 200);
  t.equal(won.length, 1, answers.map((res) => res.statusCode).join(','));
  t.ok(answers.every((res) => res.statusCode === 200 || res.statusCode === 409), 'the others: 409');
  const approved = won[0]!.json().review === 'approved';
  t.equal(await balanceOf(app, partner.id), approved ? '10' : '0', 'credited only by an approval, once');
  const reward = await app.repos.ledger.findForExchange(exchange.id, 'reward');
  t.equal(reward !== null, approved);
});
