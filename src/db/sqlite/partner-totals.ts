// Writes to partner_totals (src/db/sqlite/schema.ts), inside the caller's transaction. SQLite
// has one writer at a time, so the additions go straight in (PostgreSQL defers them to the
// end of the transaction: src/db/pg/partner-totals.ts).
import { sql } from 'drizzle-orm';
import type { TotalsDelta } from '../totals.js';
import { partnerTotals } from './schema.js';
import type { Tx } from './settings-keys.js';

const t = partnerTotals;

/** Adds the deltas to their partners' rows (sums bound as BigInt: a number would bind as a REAL). */
export function addToTotals(tx: Tx, deltas: TotalsDelta[]): void {
  if (deltas.length === 0) return;
  tx.insert(t).values(deltas.map((d) => ({
    ...d, earned: sql`${d.earned}`, turnover: sql`${d.turnover}`, paid: sql`${d.paid}`, pending: sql`${d.pending}`,
  }))).onConflictDoUpdate({
    target: t.partnerId,
    set: {
      clicks: sql`${t.clicks} + excluded.clicks`,
      exchanges: sql`${t.exchanges} + excluded.exchanges`,
      successful: sql`${t.successful} + excluded.successful`,
      earned: sql`${t.earned} + excluded.earned`,
      turnover: sql`${t.turnover} + excluded.turnover`,
      paid: sql`${t.paid} + excluded.paid`,
      pending: sql`${t.pending} + excluded.pending`,
    },
  }).run();
}
