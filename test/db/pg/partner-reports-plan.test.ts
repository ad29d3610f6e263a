// The partner API's pages on PostgreSQL: the page's ids come from the (partner_id, time, id)
// index alone, backwards, stopping after the page, however deep the offset; only the page's own
// rows are read from the table (BENCHMARKS.md, issue 13 at 10M clicks: without `id` in the
// index, every page read and sorted all of the partner's clicks in the period).
import t from 'tap';
import { drizzle } from 'drizzle-orm/node-postgres';
import { createPartnerReportRepo } from '../../../src/db/pg/repos/partner-reports.js';
import * as schema from '../../../src/db/pg/schema.js';
import { openTestPgDatabase, PG_TEST_URL } from '../../helpers/pg.js';

const skip = PG_TEST_URL ? false : 'PostgreSQL only: set RATELINK_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)';

t.test('partner reports › a deep page walks index entries only, with no sort of the partner\'s rows', { skip }, async (t) => {
  const { repos, pool } = await openTestPgDatabase(t, 2);
  const partner = await repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '1' });
  const other = await repos.partners.insert({ name: 'Q', email: 'q@example.test', rewardPercent: '1' });
  // 4,000 clicks of the partner (two a second), a bot among every ten, and as many of another.
  await repos.partnerReports.bulkInsert({
    clicks: Array.from({ length: 8000 }, (_, i) => ({ partnerId: i % 2 ? other.id : partner.id, time: 1_000_000 + Math.floor(i / 4), userHash: `v${i}`, isBot: i % 20 === 0 })),
    exchanges: Array.from({ length: 4000 }, (_, i) => ({
      externalId: `e${i}`, partnerId: i % 2 ? other.id : partner.id, time: 1_000_000 + Math.floor(i / 4), curGive: 'PMUSD', curGet: 'BTC',
      amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1', status: 'success' as const,
    })),
  });
  await pool.query('vacuum analyze clicks, exchanges');

  const queries: Array<{ query: string; params: unknown[] }> = [];
  const repo = createPartnerReportRepo(drizzle(pool, { schema, logger: { logQuery: (query, params) => queries.push({ query, params }) } }));
  const clicks = await repo.listClicks(partner.id, { limit: 10, offset: 3000 });
  const exchanges = await repo.listExchanges(partner.id, { from: 1_000_000, to: 1_000_999, limit: 10, offset: 1500 });
  // The rows a user sees: counted clicks only, newest first, the later id first within a second.
  t.equal(clicks.length, 10);
  t.same(clicks.map((c) => c.id), [...clicks].sort((a, b) => b.time - a.time || b.id - a.id).map((c) => c.id));
  const counted = (await pool.query<{ id: string }>(
    'select id from clicks where partner_id = $1 and not is_bot order by time desc, id desc limit 10 offset 3000', [partner.id])).rows.map((r) => Number(r.id));
  t.same(clicks.map((c) => c.id), counted, 'the same page as the plain query');
  t.same(exchanges.map((e) => e.id), (await pool.query<{ id: number }>(
    'select id from exchanges where partner_id = $1 and time between 1000000 and 1000999 order by time desc, id desc limit 10 offset 1500', [partner.id])).rows.map((r) => r.id));

  const first = await repo.listClicks(partner.id, { limit: 10, offset: 0 });
  t.same(first.map((c) => c.id), (await pool.query<{ id: string }>(
    'select id from clicks where partner_id = $1 and not is_bot order by time desc, id desc limit 10', [partner.id])).rows.map((r) => Number(r.id)));
  const firstPage = queries.pop()!;
  const firstPlan = (await pool.query<{ 'QUERY PLAN': string }>(`explain ${firstPage.query}`, firstPage.params)).rows.map((r) => r['QUERY PLAN']).join('\n');
  t.match(firstPlan, /Index Scan Backward using clicks_partner_counted_idx/, `a first page: one step, stopping after its rows\n${firstPlan}`);
  t.notMatch(firstPlan, /Sort/, `a first page: no sort\n${firstPlan}`);

  // Each deep page first reads the counts that skip its newest whole hours and days
  // (src/db/deep-offset.ts), then walks what is left.
  const skips = queries.filter((q) => q.query.includes('partner_days'));
  const pages = queries.filter((q) => !skips.includes(q));
  t.equal(skips.length, 2, 'the counts read once per deep page');
  t.equal(pages.length, 2);
  for (const [{ query, params }, index] of pages.map((q, i) => [q, ['clicks_partner_counted_idx', 'exchanges_partner_time_idx'][i]] as const)) {
    const plan = (await pool.query<{ 'QUERY PLAN': string }>(`explain ${query}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    t.match(plan, new RegExp(`Index Only Scan Backward using ${index}`), `${index}: the ids from the index alone\n${plan}`);
    t.notMatch(plan, /Sort Key: \w+_1\./, `${index}: no sort before the offset\n${plan}`);
  }
});
