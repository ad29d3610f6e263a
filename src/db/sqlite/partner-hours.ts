// Writes to partner_hours (src/db/sqlite/schema.ts), inside the caller's transaction.
import { sql } from 'drizzle-orm';
import type { HourDelta } from '../figures.js';
import { partnerHours } from './schema.js';
import type { Tx } from './settings-keys.js';

/** Adds the deltas to their hours (earned bound as BigInt: a number would bind as a REAL). */
export function addToHours(tx: Tx, deltas: HourDelta[]): void {
  if (deltas.length === 0) return;
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
