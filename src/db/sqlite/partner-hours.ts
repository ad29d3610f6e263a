// Writes to partner_hours (src/db/sqlite/schema.ts), inside the caller's transaction.
import { sql } from 'drizzle-orm';
import type { HourDelta } from '../figures.js';
import { TotalsDeltas } from '../totals.js';
import { addToTotals } from './partner-totals.js';
import { partnerHours } from './schema.js';
import type { Tx } from './settings-keys.js';

/**
 * Adds the deltas to their hours (earned bound as BigInt: a number would bind as a REAL), and
 * to their partners' all-time totals (partner_totals).
 */
export function addToHours(tx: Tx, deltas: HourDelta[]): void {
  // SQLite binds at most 32,766 variables a statement (6 a row): a bulk load writes in chunks.
  for (let i = 0; i < deltas.length; i += CHUNK) addChunk(tx, deltas.slice(i, i + CHUNK));
  addToTotals(tx, new TotalsDeltas().addHours(deltas).list());
}

const CHUNK = 2000;

function addChunk(tx: Tx, deltas: HourDelta[]): void {
  tx.insert(partnerHours).values(deltas.map((d) => ({ ...d, earned: sql`${d.earned}` })))
    .onConflictDoUpdate({
      target: [partnerHours.partnerId, partnerHours.hour],
      set: {
        clicks: sql`${partnerHours.clicks} + excluded.clicks`,
        exchanges: sql`${partnerHours.exchanges} + excluded.exchanges`,
        successful: sql`${partnerHours.successful} + excluded.successful`,
        earned: sql`${partnerHours.earned} + excluded.earned`,
      },
    }).run();
}
