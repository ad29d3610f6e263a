// Writes to partner_hours and partner_days (src/db/pg/schema.ts) as increments: concurrent
// transactions adding to one hour or day each add their own share. Writers do not call this:
// they queue their additions with addToHours (./figure-writes.ts), which writes them at the
// end of the transaction, hours then days, each in (partner, key) order.
import { sql } from 'drizzle-orm';
import { dayDeltas, type DayDelta, type HourDelta } from '../figures.js';
import type { PgDb } from './open.js';
import { partnerDays, partnerHours } from './schema.js';

export async function writeHours(tx: PgDb, deltas: HourDelta[]): Promise<void> {
  // PostgreSQL binds at most 65,535 parameters a statement (6 a row): a bulk load writes in chunks.
  for (let i = 0; i < deltas.length; i += CHUNK) await addHourChunk(tx, deltas.slice(i, i + CHUNK));
  const days = dayDeltas(deltas);
  for (let i = 0; i < days.length; i += CHUNK) await addDayChunk(tx, days.slice(i, i + CHUNK));
}

const CHUNK = 5000;

/** A conflicting row's figures plus the new row's: the same upsert for hours and days. */
const addedTo = (t: typeof partnerHours | typeof partnerDays) => ({
  clicks: sql`${t.clicks} + excluded.clicks`, exchanges: sql`${t.exchanges} + excluded.exchanges`,
  successful: sql`${t.successful} + excluded.successful`, earned: sql`${t.earned} + excluded.earned`,
});

async function addHourChunk(tx: PgDb, deltas: HourDelta[]): Promise<void> {
  await tx.insert(partnerHours).values(deltas).onConflictDoUpdate({ target: [partnerHours.partnerId, partnerHours.hour], set: addedTo(partnerHours) });
}

async function addDayChunk(tx: PgDb, deltas: DayDelta[]): Promise<void> {
  await tx.insert(partnerDays).values(deltas).onConflictDoUpdate({ target: [partnerDays.partnerId, partnerDays.day], set: addedTo(partnerDays) });
}
