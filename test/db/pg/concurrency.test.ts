// Races on PostgreSQL between two app instances sharing one schema, each with a pool of
// several connections: the database itself (conditional UPDATEs, unique constraints,
// conditional upserts) must let exactly one writer win.
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { adminHeaders, testConfig } from '../../helpers/build.js';
import { callApi, makePartner } from '../../helpers/partner-api.js';
import { exchangeBody } from '../../helpers/ledger-factory.js';
import { createTestSchema, PG_TEST_URL } from '../../helpers/pg.js';
import { addPartnerWithLink, CHROME_UA } from '../../helpers/referral.js';
import { createPayoutMethod } from '../../../src/services/ledger/payout-methods.js';

const skip = PG_TEST_URL ? false : 'PostgreSQL only: set RATELINK_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)';

/** Two instances (A and B) on one fresh schema, 8 connections each. */
async function twoInstances(t: Test): Promise<[FastifyInstance, FastifyInstance]> {
  const schema = await createTestSchema();
  const config = testConfig({ databaseUrl: schema.url, databasePoolSize: 8, apiRateLimit: 1000, clickIpLimit: 0 });
  const [a, b] = await Promise.all([buildApp(config), buildApp(config)]);
  t.teardown(async () => {
    await Promise.all([a.close(), b.close()]);
    await schema.drop();
  });
  return [a, b];
}

const now = () => Math.floor(Date.now() / 1000);

t.test('add_payout › 50 concurrent requests over two instances: the payouts add up to exactly the balance', { skip }, async (t) => {
  const [a, b] = await twoInstances(t);
  const { partner, apiKey } = await makePartner(a, 'Racer', { min_payout: '1' });
  const method = await createPayoutMethod(a.repos, { title: 'Bitcoin', currency: 'BTC', commission: '0' });
  const ask = (amount: number) => Promise.all(Array.from({ length: 50 }, (_, i) =>
    callApi(i % 2 ? b : a, apiKey, 'add_payout', { method_id: method.id, account: `acc${i}`, amount })));

  // Every request asks for the whole balance: exactly one succeeds.
  await a.repos.ledger.adjust({ partnerId: partner.id, amount: 10_00000000, reason: 'credit', at: now() });
  const whole = await ask(10);
  t.equal(whole.filter((r) => r.json().status === 'success').length, 1);
  t.equal((await b.repos.partners.findById(partner.id))!.balance, 0);

  // The balance covers 10 of 50: exactly 10 succeed, the balance ends at 0, never below.
  await b.repos.ledger.adjust({ partnerId: partner.id, amount: 10_00000000, reason: 'credit', at: now() });
  const tenths = await ask(1);
  t.equal(tenths.filter((r) => r.json().status === 'success').length, 10);
  t.ok(tenths.filter((r) => r.json().status !== 'success').every((r) => r.json().error === 8), 'the others: error 8 (above the balance)');
  t.equal((await a.repos.partners.findById(partner.id))!.balance, 0);
  t.equal(await a.repos.ledger.sumByPartner(partner.id), 0n, 'balance = sum of the ledger entries');
  t.equal((await a.repos.payouts.list({ partnerId: partner.id })).length, 11, 'no payout row for a refused request');
});

t.test('POST /admin/exchanges › the same exchange reported 20 times at once to two instances: one row, one reward', { skip }, async (t) => {
  const [a, b] = await twoInstances(t);
  const partner = await a.repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '10' });
  await a.repos.links.insert({ code: 'racex1', partnerId: partner.id });
  const body = exchangeBody({ external_id: 'race-ex', ref_code: 'racex1' });
  const replies = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    (i % 2 ? b : a).inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: body })));
  t.ok(replies.every((r) => r.statusCode < 300), `every report accepted: ${replies.map((r) => r.statusCode).join(',')}`);
  t.equal(replies.filter((r) => r.statusCode === 201).length, 1, 'one of them created it');
  const rows = await a.repos.exchanges.list({ limit: 100, offset: 0 });
  t.equal(rows.length, 1);
  const rewards = (await a.repos.ledger.listByPartner(partner.id)).filter((e) => e.kind === 'reward');
  t.equal(rewards.length, 1, 'one reward entry');
  t.equal((await b.repos.partners.findById(partner.id))!.balance, rewards[0]!.amount);
  t.equal(await b.repos.ledger.sumByPartner(partner.id), BigInt(rewards[0]!.amount));
});

t.test('GET /ref/:code › the same visitor clicking 20 times at once through two instances: one counted click', { skip }, async (t) => {
  const [a, b] = await twoInstances(t);
  await addPartnerWithLink(a.repos, 'raced1');
  const first = await a.inject({ method: 'GET', url: '/ref/raced1', headers: { 'user-agent': CHROME_UA } });
  const cookie = first.headers['set-cookie'] as string | string[];
  const uid = String(Array.isArray(cookie) ? cookie[0] : cookie).split(';')[0]!;
  const replies = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    (i % 2 ? b : a).inject({ method: 'GET', url: '/ref/raced1', headers: { 'user-agent': CHROME_UA, cookie: uid } })));
  t.ok(replies.every((r) => r.statusCode === 302));
  // The cookie is `<visitor id>_<signature>`; clicks store the id.
  const clicks = await a.repos.clicks.listByUser(uid.split('=')[1]!.split('_')[0]!);
  t.equal(clicks.length, 21, 'every click is kept');
  t.equal(clicks.filter((c) => !c.isRepeat).length, 1, 'one counted');
});
