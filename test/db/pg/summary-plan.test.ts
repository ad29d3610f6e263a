// The summary on PostgreSQL is planned once per connection, not on every call: its bounds are
// VALUES joined to the indexes, so PostgreSQL keeps a generic plan (planning was about half of
// the server's time per summary, BENCHMARKS.md issue 15, sixth session). And the pool's
// connections run without JIT, which compiled that generic plan's pessimistic estimates for
// hundreds of milliseconds on a 10M-click ledger.
import t from 'tap';
import { partnerSummary } from '../../../src/services/reports/summary.js';
import { openTestPgDatabase, PG_TEST_URL } from '../../helpers/pg.js';

const skip = PG_TEST_URL ? false : 'PostgreSQL only: set RATELINK_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)';
const HOUR = 3600;
const T0 = 1_767_225_600;

t.test('summary › one generic plan per connection, and no JIT', { skip }, async (t) => {
  const { repos, pool } = await openTestPgDatabase(t, 1);
  t.equal((await pool.query<{ jit: string }>('show jit')).rows[0]!.jit, 'off', 'the pool\'s connections run without JIT');

  const partner = await repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '1' });
  // 50 clicks in these hours, and enough older ones that the statistics make a generic plan of
  // bounds in the WHERE clause look dearer than a custom one (as on a real ledger).
  await repos.partnerReports.bulkInsert({
    clicks: [
      ...Array.from({ length: 20_000 }, (_, i) => ({ partnerId: partner.id, time: T0 - 400 * 86_400 + i * 60, userHash: `old${i}` })),
      ...Array.from({ length: 50 }, (_, i) => ({ partnerId: partner.id, time: T0 + i * HOUR + 7, userHash: `v${i}` })),
    ],
  });
  await pool.query('analyze');
  // Periods of every shape: whole days, partial days, partial hours, nothing at all.
  const periods = [[T0, T0 + 2 * 86_400 - 1], [T0 + 5, T0 + 3 * HOUR], [T0 + 30 * HOUR + 1, T0 + 49 * HOUR + 8], [0, 1], [T0 - 3600, T0 + 100 * HOUR]];
  const seen = [];
  for (let round = 0; round < 3; round++) {
    for (const [from, to] of periods) seen.push((await partnerSummary(repos, partner.id, { from: from!, to: to! }, T0 + 60 * HOUR)).period.clicks);
  }
  t.same(seen.slice(0, 5), [48, 3, 20, 0, 50], 'the clicks of each period, counted exactly');
  t.same(seen.slice(5), [...seen.slice(0, 5), ...seen.slice(0, 5)], 'the same on every round');
  const [plans] = (await pool.query<{ generic_plans: string; custom_plans: string }>(
    `select generic_plans, custom_plans from pg_prepared_statements where name = 'partner_summary'`)).rows;
  t.ok(plans, 'the summary is a named prepared statement');
  // PostgreSQL plans the first five executions with their values; from then on it keeps the
  // generic plan when no custom plan was cheaper, which bounds in the WHERE clause made them.
  t.equal(Number(plans!.custom_plans), 5, 'only the first five calls were planned with their values');
  t.equal(Number(plans!.generic_plans), 10, 'every later call ran the kept generic plan');
});
