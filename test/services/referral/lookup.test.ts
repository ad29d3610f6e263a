import t from 'tap';
import { createReferralLookup } from '../../../src/services/referral/lookup.js';
import { addDirection, addPartnerWithLink, disableLink, openTestRepos } from '../../helpers/referral.js';

t.test('links: found, cached for the TTL, then re-read (a disabled link stops recording within it)', async (t) => {
  const { repos, db } = openTestRepos(t);
  const link = await addPartnerWithLink(repos, 'alpha1');
  let now = 1_000_000;
  const lookup = createReferralLookup(repos, { ttlMs: 2000, now: () => now });
  t.match(await lookup.findLink('alpha1'), { linkId: link.linkId, partnerId: link.partnerId, active: true, linkType: 'client', targetKind: 'home' });
  disableLink(db, 'alpha1');
  now += 1999;
  t.equal((await lookup.findLink('alpha1'))?.active, true, 'still cached');
  now += 1;
  t.equal((await lookup.findLink('alpha1'))?.active, false, 'expired: re-read');
  t.equal(await lookup.findLink('nosuch'), null);
});

t.test('links: codes of a shape never issued are unknown without a query', async (t) => {
  const { repos } = openTestRepos(t);
  let queries = 0;
  const counting = { ...repos, clicks: { ...repos.clicks, findLink: async (code: string) => { queries++; return repos.clicks.findLink(code); } } };
  const lookup = createReferralLookup(counting);
  for (const code of ['', 'a/b', 'код', 'x'.repeat(65), "a' or 1=1"]) t.equal(await lookup.findLink(code), null, JSON.stringify(code));
  t.equal(queries, 0);
});

t.test('directions: only active pairs, in their direction, refreshed after the TTL', async (t) => {
  const { repos, db } = openTestRepos(t);
  addDirection(db, 'PMUSD', 'BTC');
  addDirection(db, 'BTC', 'SBERRUB', false);
  let now = 1_000_000;
  const lookup = createReferralLookup(repos, { ttlMs: 2000, now: () => now });
  t.equal(await lookup.isDirectionActive('PMUSD', 'BTC'), true);
  t.equal(await lookup.isDirectionActive('BTC', 'PMUSD'), false, 'the reverse direction is another pair');
  t.equal(await lookup.isDirectionActive('BTC', 'SBERRUB'), false, 'inactive');
  addDirection(db, 'ETH', 'BTC');
  t.equal(await lookup.isDirectionActive('ETH', 'BTC'), false, 'cached');
  now += 2000;
  t.equal(await lookup.isDirectionActive('ETH', 'BTC'), true, 'refreshed');
});
