// Promotion-link rules under requests at once on two instances of one database (both engines):
// the per-partner limit, one target per parameter type, unique codes, one referrer per partner.
import t from 'tap';
import { instancesOnOneDatabase } from '../../helpers/instances.js';
import { PG_TEST_URL } from '../../helpers/pg.js';
import { archivePromotionLink, createPromotionLink, updatePromotionLink } from '../../../src/services/promotion-links/links.js';
import { attachSubPartner } from '../../../src/services/promotion-links/agent.js';

const NOW = 1_800_000_000;
// Two instances on PostgreSQL; on SQLite one (two connections in one process would block each
// other's event loop on the file lock: SQLite serves one instance, its requests at once).
const INSTANCES = PG_TEST_URL ? 2 : 1;
const settle = <T>(work: Array<Promise<T>>) => Promise.allSettled(work);
const ok = (results: PromiseSettledResult<unknown>[]) => results.filter((r) => r.status === 'fulfilled').length;

t.test('links at once › the limit, the target and the code hold across instances', async (t) => {
  const apps = await instancesOnOneDatabase(t, INSTANCES, { siteUrl: 'https://exchanger.example', partnerLinkLimit: 3 });
  const on = (i: number) => apps[i % apps.length]!;
  const p = await on(0).repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '1' });
  const q = await on(0).repos.partners.insert({ name: 'Q', email: 'q@example.test', rewardPercent: '1' });
  const make = (i: number, input: Parameters<typeof createPromotionLink>[3], partner = p.id) =>
    createPromotionLink(on(i).repos, on(i).config, partner, input, NOW);
  const limited = await settle(Array.from({ length: 10 }, (_, i) => make(i, { name: `L${i}` })));
  t.equal(ok(limited), 3, 'three links of ten at once (limit 3)');
  t.equal((await on(0).repos.links.countUnarchived(p.id)), 3);
  const unarchive = (await on(0).repos.links.listByPartner(p.id)).map((row) => row.code);
  await archivePromotionLink(on(0).repos, on(0).config, p.id, unarchive[0]!, NOW);
  const back = await settle([0, 1, 2, 3].map((i) => i % 2 === 0
    ? updatePromotionLink(on(i).repos, on(i).config, p.id, unarchive[0]!, { visibility: 'listed' }, NOW)
    : make(i, { name: `M${i}` })));
  t.equal((await on(1).repos.links.countUnarchived(p.id)), 3, 'one free place: the un-archive or one new link takes it');
  const newOnes = back.filter((r, i) => i % 2 === 1 && r.status === 'fulfilled').length;
  t.ok(newOnes <= 1, `at most one new link (${newOnes})`);
  const targets = await settle(Array.from({ length: 6 }, (_, i) => make(i, { name: `T${i}`, target_url: 'https://exchanger.example/rules' }, q.id)));
  t.equal(ok(targets), 1, 'one link per target URL');
  const codes = await settle(Array.from({ length: 6 }, (_, i) => make(i, { code: 'SAME-CODE' }, i % 2 === 0 ? q.id : p.id)));
  t.ok(ok(codes) <= 1, 'one link per code');
  t.equal((await on(0).repos.links.findByCode('SAME-CODE')) !== null, true);
});

t.test('agent links at once › a partner gets one referrer however many attachments race', async (t) => {
  const apps = await instancesOnOneDatabase(t, INSTANCES, { siteUrl: 'https://exchanger.example' });
  const repos = apps[0]!.repos;
  const owners = await Promise.all(['A', 'B', 'C', 'D'].map((name) => repos.partners.insert({ name, email: `${name}@example.test`, rewardPercent: '1' })));
  const codes = await Promise.all(owners.map(async (owner, i) =>
    (await createPromotionLink(apps[i % apps.length]!.repos, apps[0]!.config, owner.id, { type: 'agent', name: 'Join' }, NOW)).code));
  const recruit = await repos.partners.insert({ name: 'R', email: 'r@example.test', rewardPercent: '1' });
  const results = await settle(codes.map((code, i) => attachSubPartner(apps[i % apps.length]!.repos, code, recruit.id)));
  t.equal(ok(results), 1, 'one attachment wins, the others are refused');
  const winner = results.find((r): r is PromiseFulfilledResult<number> => r.status === 'fulfilled')!.value;
  t.equal((await repos.partners.findById(recruit.id))!.parentPartnerId, winner, 'and it is the one stored');
});
