// Writes to partner_totals (src/db/pg/schema.ts) as increments. Writers queue their additions
// with addToTotals (./figure-writes.ts), which writes them at the end of the transaction.
import { sql } from 'drizzle-orm';
import type { TotalsDelta } from '../totals.js';
import type { PgDb } from './open.js';
import { partnerTotals } from './schema.js';

const t = partnerTotals;

export async function writeTotals(tx: PgDb, deltas: TotalsDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await tx.insert(t).values(deltas).onConflictDoUpdate({
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
  });
}
