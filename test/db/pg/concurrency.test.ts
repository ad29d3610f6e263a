// Races on PostgreSQL between two app instances sharing one schema, each with a pool of
// several connections: the database itself (conditional UPDATEs, unique constraints,
// conditional upserts) must let exactly one writer win.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { adminHeaders, testConfig } from '../../helpers/build.js';
import { callApi, makePartner } from '../../helpers/partner-api.js';
import { exchangeBody } from '../../helpers/ledger-factory.js';
import { createTestSchema, PG_TEST_URL } from '../../helpers/pg.js';
import { addPartnerWithLink, CHROME_UA } from '../../helpers/referral.js';
import { createPayoutMethod } from '../../../src/services/ledger/payout-methods.js';
import { createEndpoint, updateEndpoint } from '../../../src/services/events/endpoints.js';
import { recordEvents } from '../../../src/services/events/outbox.js';
import { deliverDue } from '../../../src/services/events/worker.js';

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

// The operator re-enables an endpoint (a fresh count) while its attempt is failing: the enable
// read "enabled" before the attempt's failure disabled it, so it did not send the queue again,
// and the operator's "enable" left the delivery waiting for a retry hours away.
t.test('webhook enabled while its attempt fails and disables it › enabled with a fresh count, its queue due at once', { skip }, async (t) => {
  const [a, b] = await twoInstances(t);
  let answer!: () => void;
  const held = new Promise<void>((resolve) => { answer = resolve; });
  let asked = false;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => { asked = true; void held.then(() => response.writeHead(500).end()); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { server.closeAllConnections(); server.close(); });
  const clock = now() + 86_400; // ahead of the apps' own workers, which never find it due
  const open = { webhookAllowHosts: ['127.0.0.1'], partnerWebhookAllowHosts: [] };
  const endpoint = await createEndpoint(a.repos, open, null, 'webhook', { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }, clock);
  await a.repos.events.updateEndpoint(endpoint.id, { consecutiveFailures: 3, updatedAt: clock });
  await a.repos.transaction((tx) => recordEvents(tx, [{ type: 'payout.paid', partnerId: null, data: { n: 1 } }], clock));
  const policy = { allowHosts: ['127.0.0.1'], timeoutMs: 5000, maxResponseBytes: 1024 };
  const deps = { repos: a.repos, policy, partnerPolicy: policy, disableAfter: 4, leaseSeconds: 60, now: () => clock };
  const attempt = deliverDue(deps);
  while (!asked) await new Promise((r) => setTimeout(r, 10));
  // Another unit of work holds the turn: the attempt's outcome waits for it, then the enable.
  let release!: () => void;
  const busy = b.repos.transaction(() => new Promise<void>((resolve) => { release = resolve; }));
  await new Promise((r) => setTimeout(r, 100));
  answer();
  await new Promise((r) => setTimeout(r, 200));
  const enabling = updateEndpoint(b.repos, open, null, endpoint.id, { enabled: true }, clock);
  await new Promise((r) => setTimeout(r, 200));
  release();
  await busy;
  t.equal(await attempt, 1);
  t.match(await enabling, { enabled: true, consecutive_failures: 0 });
  t.match(await a.repos.events.findEndpoint(endpoint.id), { enabled: true, disabledReason: null, consecutiveFailures: 0 });
  t.equal(await deliverDue(deps), 1, 'the queue is sent at once, as after any enable of a disabled endpoint');
});
