// promotionLinksNumbers: every link of a partner with its period's numbers from two grouped
// queries, equal to promotionLinkStats' totals link by link (both engines).
import t from 'tap';
import { build } from '../../helpers/build.js';
import { createPromotionLink, promotionLinkStats } from '../../../src/services/promotion-links/links.js';
import { promotionLinksNumbers } from '../../../src/services/promotion-links/numbers.js';

const DAY = 1_799_971_200; // a UTC midnight

t.test('promotionLinksNumbers › per link: counted clicks, exchanges, exact earnings, conversion; zeros for quiet links; own links only', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const { repos, config } = app;
  const a = (await repos.partners.insert({ name: 'A', email: 'a@example.test', rewardPercent: '1' })).id;
  const b = (await repos.partners.insert({ name: 'B', email: 'b@example.test', rewardPercent: '1' })).id;
  await createPromotionLink(repos, config, a, { code: 'First' }, DAY);
  await createPromotionLink(repos, config, a, { code: 'Second', name: 'Forum' }, DAY);
  await createPromotionLink(repos, config, a, { code: 'Quiet', visibility: 'archived' }, DAY);
  await createPromotionLink(repos, config, b, { code: 'OtherOne' }, DAY);
  const id = async (code: string) => (await repos.links.findByCode(code))!.id;
  const click = async (code: string, partnerId: number, time: number, i: number, extra = {}) => ({ time, userHash: `visitor${code}${i}xxxxxx`, partnerId, linkId: await id(code), ...extra });
  await repos.clicks.insertBatch([
    await click('First', a, DAY + 10, 1), await click('First', a, DAY + 86_400, 2), await click('First', a, DAY + 20, 3, { isBot: true }),
    await click('Second', a, DAY + 30, 4), await click('Second', a, DAY + 40, 5), await click('Second', a, DAY + 50, 6),
    await click('First', a, DAY - 10, 7), // before the period
    await click('OtherOne', b, DAY + 10, 8),
  ], 1800);
  const base = { curGive: 'BTC', curGet: 'USD', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1', createdAt: DAY, updatedAt: DAY };
  await repos.exchanges.insert({ ...base, externalId: 'e1', time: DAY + 100, status: 'success', partnerId: a, linkId: await id('First'), reward: 123_456_789 }, null);
  await repos.exchanges.insert({ ...base, externalId: 'e2', time: DAY + 200, status: 'success', partnerId: a, linkId: await id('First'), reward: 1 }, null);
  await repos.exchanges.insert({ ...base, externalId: 'e3', time: DAY + 300, status: 'pending', partnerId: a, linkId: await id('Second') }, null);
  await repos.exchanges.insert({ ...base, externalId: 'e4', time: DAY + 400, status: 'success', partnerId: b, linkId: await id('OtherOne'), reward: 5 }, null);

  const range = { from: DAY, to: DAY + 2 * 86_400 };
  const numbers = await promotionLinksNumbers(repos, a, range);
  t.same(numbers, [
    { code: 'First', clicks: 2, exchanges: 2, successful: 2, earnings: '1.2345679', conversion: '100.00' },
    { code: 'Second', clicks: 3, exchanges: 1, successful: 0, earnings: '0', conversion: '0.00' },
    { code: 'Quiet', clicks: 0, exchanges: 0, successful: 0, earnings: '0', conversion: '0.00' },
  ]);
  for (const code of ['First', 'Second', 'Quiet']) {
    const { totals } = await promotionLinkStats(repos, a, code, range);
    t.same({ code, ...totals }, numbers.find((n) => n.code === code), `${code}: the same as promotionLinkStats`);
  }
  t.same((await promotionLinksNumbers(repos, b, range)).map((n) => n.code), ['OtherOne']);
  t.same(await promotionLinksNumbers(repos, a, { from: DAY + 3 * 86_400, to: DAY + 4 * 86_400 }).then((l) => l.map((n) => n.clicks)), [0, 0, 0]);
});
