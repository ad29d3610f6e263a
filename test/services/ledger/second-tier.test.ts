// Second-tier rewards: the owner of an agent link earns its percent of each reward of the
// partners who signed up through it, as its own ledger entry in the same transaction, exact to
// the last digit, reversed with the sub-partner's, never twice however reports race.
import t, { type Test } from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { exchangeBody } from '../../helpers/ledger-factory.js';
import { createPromotionLink } from '../../../src/services/promotion-links/links.js';
import { attachSubPartner } from '../../../src/services/promotion-links/agent.js';
import { createPartner, updatePartner } from '../../../src/services/partners/partners.js';
import { partnerStats } from '../../../src/services/partners/stats.js';


async function setup(t: Test, ownerPercent = '12.5', subPercent = '3') {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const owner = await createPartner(app.repos, { name: 'Owner', email: 'owner@example.test', reward_percent: '5' });
  await updatePartner(app.repos, owner.id, { second_tier_percent: ownerPercent });
  const agent = await createPromotionLink(app.repos, app.config, owner.id, { code: 'AgentOne', type: 'agent' }, 1);
  const sub = await createPartner(app.repos, { name: 'Sub', email: 'sub@example.test', reward_percent: subPercent });
  t.equal(await attachSubPartner(app.repos, agent.code, sub.id), owner.id);
  await createPromotionLink(app.repos, app.config, sub.id, { code: 'SubLink' }, 1);
  const report = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ ref_code: 'SubLink', ...body }) });
  const entries = async (partnerId: number) => (await app.repos.ledger.listByPartner(partnerId, 100)).map((e) => ({ kind: e.kind, amount: e.amount }));
  const balance = async (partnerId: number) => (await app.repos.partners.findById(partnerId))!.balance;
  return { app, owner, sub, report, entries, balance };
}

/** floor(x · p / 100) at `dp` decimals, in ledger units, with BigInt only (no ratelink code). */
function share(units: bigint, percentTimes1000: bigint, dp: number): bigint {
  const step = 10n ** BigInt(8 - dp);
  return (units * percentTimes1000 / 100_000n / step) * step;
}

t.test('a sub-partner\'s reward pays the referrer its percent, exact to the last digit, in its own entry', async (t) => {
  const { owner, sub, report, entries, balance } = await setup(t);
  const res = await report({ external_id: 'tier-1', reward_base_amount: '1234.56789' });
  t.equal(res.statusCode, 201);
  const reward = share(123_456_789_000n, 3_000n, 2); // 3 % of 1234.56789, down to cents
  const tier2 = share(reward, 12_500n, 2);
  t.equal(reward, 3_703_000_000n, '37.03');
  t.equal(tier2, 462_000_000n, '4.62 (12.5 % of 37.03 = 4.62875, rounded down)');
  t.same(await entries(sub.id), [{ kind: 'reward', amount: Number(reward) }]);
  t.same(await entries(owner.id), [{ kind: 'reward_tier2', amount: Number(tier2) }]);
  t.equal(await balance(owner.id), Number(tier2));
  t.equal(res.json().reward, '37.03', 'the sub-partner sees its own reward only');
  t.notMatch(JSON.stringify(res.json()), /4\.62/, 'not the owner\'s share');
});

t.test('a refund reverses both entries exactly; balances back to zero', async (t) => {
  const { owner, sub, report, entries, balance } = await setup(t, '33.333');
  await report({ external_id: 'tier-r', reward_base_amount: '999.99' });
  const refund = await report({ external_id: 'tier-r', reward_base_amount: '999.99', status: 'refunded' });
  t.equal(refund.statusCode, 200);
  const owned = await entries(owner.id);
  t.same(owned.map((e) => e.kind).sort(), ['reversal_tier2', 'reward_tier2']);
  t.equal(owned[0]!.amount + owned[1]!.amount, 0);
  t.equal(await balance(owner.id), 0);
  t.equal(await balance(sub.id), 0);
});

t.test('concurrent identical reports pay the second tier once (the ledger\'s unique exchange/kind)', async (t) => {
  const { owner, report, entries, balance } = await setup(t, '10', '10');
  const results = await Promise.all(Array.from({ length: 8 }, () => report({ external_id: 'race', reward_base_amount: '100' })));
  t.ok(results.every((r) => r.statusCode === 201 || r.statusCode === 200), results.map((r) => r.statusCode).join());
  t.same(await entries(owner.id), [{ kind: 'reward_tier2', amount: 100_000_000 }], '10 % of 10.00 = 1.00, once');
  t.equal(await balance(owner.id), 100_000_000);
});

t.test('no second tier at 0 %, for a blocked referrer, or past one level', async (t) => {
  const { app, owner, sub, report, entries } = await setup(t, '0');
  await report({ external_id: 'zero' });
  t.same(await entries(owner.id), []);
  await updatePartner(app.repos, owner.id, { second_tier_percent: '50', status: 'blocked' });
  await report({ external_id: 'blocked' });
  t.same(await entries(owner.id), []);
  // One level only: a sub-sub-partner pays its own referrer (sub), not the owner.
  await updatePartner(app.repos, owner.id, { status: 'active' });
  await updatePartner(app.repos, sub.id, { second_tier_percent: '10' });
  await createPromotionLink(app.repos, app.config, sub.id, { code: 'SubAgent', type: 'agent' }, 1);
  const subsub = await createPartner(app.repos, { name: 'SubSub', email: 'subsub@example.test', reward_percent: '10' });
  await attachSubPartner(app.repos, 'SubAgent', subsub.id);
  await createPromotionLink(app.repos, app.config, subsub.id, { code: 'SubSubLink' }, 1);
  await report({ external_id: 'deep', ref_code: 'SubSubLink' });
  t.same(await entries(owner.id), []);
  t.match(await entries(sub.id), [{ kind: 'reward_tier2', amount: 100_000_000 }]);
  t.match(await partnerStats(app.repos, (await app.repos.partners.findById(sub.id))!), { second_tier_earned: '1' });
});

t.test('attachSubPartner › only through an enabled agent link, never one\'s own, once', async (t) => {
  const { app, owner, sub } = await setup(t);
  const other = await createPartner(app.repos, { name: 'Other', email: 'other@example.test', reward_percent: '1' });
  await t.rejects(attachSubPartner(app.repos, 'SubLink', other.id), { code: 'RL_NOT_FOUND' }, 'a client link recruits nobody');
  await t.rejects(attachSubPartner(app.repos, 'Nope!!', other.id), { code: 'RL_NOT_FOUND' });
  await t.rejects(attachSubPartner(app.repos, 'AgentOne', owner.id), { code: 'RL_UNPROCESSABLE' });
  await t.rejects(attachSubPartner(app.repos, 'AgentOne', sub.id), { code: 'RL_CONFLICT' });
  await app.repos.links.update('AgentOne', { disabledAt: 5 });
  await t.rejects(attachSubPartner(app.repos, 'AgentOne', other.id), { code: 'RL_NOT_FOUND' });
});

t.test('PATCH /admin/partners/:id › second_tier_percent, 0 to 100; shown with parent_partner_id', async (t) => {
  const { app, owner, sub } = await setup(t);
  const res = await app.inject({ method: 'PATCH', url: `/admin/partners/${owner.id}`, headers: adminHeaders, payload: { second_tier_percent: '7.5' } });
  t.match(res.json(), { second_tier_percent: '7.5', parent_partner_id: null });
  const bad = await app.inject({ method: 'PATCH', url: `/admin/partners/${owner.id}`, headers: adminHeaders, payload: { second_tier_percent: '101' } });
  t.equal(bad.statusCode, 400);
  t.match((await app.inject({ url: `/admin/partners/${sub.id}`, headers: adminHeaders })).json(), { parent_partner_id: owner.id, second_tier_percent: '0' });
});
