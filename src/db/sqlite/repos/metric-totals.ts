// Totals for /metrics (src/plugins/metrics.ts): one GROUP BY per table, read at scrape time.
import { sql, type SQL } from 'drizzle-orm';
import type { LabelTotals, MetricTotalsRepo } from '../../repos.js';
import type { Db } from '../open.js';
import { exchanges, ledgerEntries, payouts } from '../schema.js';

export function createMetricTotalsRepo(db: Db): MetricTotalsRepo {
  async function grouped(label: SQL, amount: SQL, table: typeof exchanges | typeof ledgerEntries | typeof payouts): Promise<LabelTotals[]> {
    const rows = await db.select({ label, count: sql<string>`count(*)`, units: sql<string>`coalesce(sum(${amount}), 0)` }).from(table).groupBy(label);
    return rows.map((row) => ({ label: String(row.label), count: Number(row.count), units: BigInt(row.units) }));
  }
  return {
    exchangesByStatus: () => grouped(sql`${exchanges.status}`, sql`${exchanges.reward}`, exchanges),
    ledgerByKind: () => grouped(sql`${ledgerEntries.kind}`, sql`${ledgerEntries.amount}`, ledgerEntries),
    payoutsByStatus: () => grouped(sql`${payouts.status}`, sql`${payouts.amount}`, payouts),
  };
}
