// Writes to partner_hours (src/db/pg/schema.ts) as increments: concurrent transactions adding
// to one hour each add their own share. Writers do not call this: they queue their additions
// with addToHours (./figure-writes.ts), which writes them at the end of the transaction.
import { sql } from 'drizzle-orm';
import type { HourDelta } from '../figures.js';
import type { PgDb } from './open.js';
import { partnerHours } from './schema.js';

export async function writeHours(tx: PgDb, deltas: HourDelta[]): Promise<void> {
  // PostgreSQL binds at most 65,535 parameters a statement (6 a row): a bulk load writes in chunks.
  for (let i = 0; i < deltas.length; i += CHUNK) await addChunk(tx, deltas.slice(i, i + CHUNK));
}

const CHUNK = 5000;

async function addChunk(tx: PgDb, deltas: HourDelta[]): Promise<void> {
  await tx.insert(partnerHours).values(deltas)
    .onConflictDoUpdate({
      target: [partnerHours.partnerId, partnerHours.hour],
      set: {
        clicks: sql`${partnerHours.clicks} + excluded.clicks`,
        exchanges: sql`${partnerHours.exchanges} + excluded.exchanges`,
        successful: sql`${partnerHours.successful} + excluded.successful`,
        earned: sql`${partnerHours.earned} + excluded.earned`,
      },
    });
}
