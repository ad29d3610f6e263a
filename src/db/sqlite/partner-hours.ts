// Writes to partner_hours (src/db/sqlite/schema.ts), inside the caller's transaction.
import { sql } from 'drizzle-orm';
import type { HourDelta } from '../figures.js';
import { partnerHours } from './schema.js';
import type { Tx } from './settings-keys.js';

/** Adds the deltas to their hours (earned bound as BigInt: a number would bind as a REAL). */
export function addToHours(tx: Tx, deltas: HourDelta[]): void {
  // A bulk load spans many hours: statements of CHUNK rows stay under SQLite's variable limit.
  for (let i = 0; i < deltas.length; i += CHUNK) upsert(tx, deltas.slice(i, i + CHUNK));
}

const CHUNK = 1000;

function upsert(tx: Tx, deltas: HourDelta[]): void {
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
