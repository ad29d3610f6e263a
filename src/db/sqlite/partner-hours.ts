// Writes to partner_hours and partner_days (src/db/sqlite/schema.ts), inside the caller's transaction.
import { sql } from 'drizzle-orm';
import { dayDeltas, type DayDelta, type HourDelta } from '../figures.js';
import { TotalsDeltas } from '../totals.js';
import { addToTotals } from './partner-totals.js';
import type { Db } from './open.js';
import { prepareNamed } from './prepared.js';
import { partnerDays, partnerHours, partnerTotals } from './schema.js';
import type { Tx } from './settings-keys.js';

/**
 * Adds the deltas to their hours and days (earned bound as BigInt: a number would bind as a
 * REAL), and to their partners' all-time totals (partner_totals).
 */
export function addToHours(tx: Tx, deltas: HourDelta[]): void {
  // SQLite binds at most 32,766 variables a statement (6 a row): a bulk load writes in chunks.
  for (let i = 0; i < deltas.length; i += CHUNK) addHourChunk(tx, deltas.slice(i, i + CHUNK));
  const days = dayDeltas(deltas);
  for (let i = 0; i < days.length; i += CHUNK) addDayChunk(tx, days.slice(i, i + CHUNK));
  addToTotals(tx, new TotalsDeltas().addHours(deltas).list());
}

const CHUNK = 2000;

/** A conflicting row's figures plus the new row's: the same upsert for hours and days. */
const addedTo = (t: typeof partnerHours | typeof partnerDays) => ({
  clicks: sql`${t.clicks} + excluded.clicks`, exchanges: sql`${t.exchanges} + excluded.exchanges`,
  successful: sql`${t.successful} + excluded.successful`, earned: sql`${t.earned} + excluded.earned`,
});

function addHourChunk(tx: Tx, deltas: HourDelta[]): void {
  tx.insert(partnerHours).values(deltas.map((d) => ({ ...d, earned: sql`${d.earned}` })))
    .onConflictDoUpdate({ target: [partnerHours.partnerId, partnerHours.hour], set: addedTo(partnerHours) }).run();
}

function addDayChunk(tx: Tx, deltas: DayDelta[]): void {
  tx.insert(partnerDays).values(deltas.map((d) => ({ ...d, earned: sql`${d.earned}` })))
    .onConflictDoUpdate({ target: [partnerDays.partnerId, partnerDays.day], set: addedTo(partnerDays) }).run();
}

/**
 * addToHours for the click writer, whose deltas are clicks only, prepared once per connection:
 * a batch's one or two partner-hours cost three statement runs each (hour, day, total), where
 * building and compiling the general upserts again for every batch took a third of the writer
 * thread (BENCHMARKS.md, issue 12 §9, fourth session). Same rows, same sums.
 */
export function prepareClickCounts(db: Db): (deltas: HourDelta[]) => void {
  const p = (name: string) => sql.placeholder(name);
  // A new row's other figures start at 0 (a placeholder each: prepareNamed binds only those).
  const zero = p('zero');
  const hour = prepareNamed(db, db.insert(partnerHours).values({ partnerId: p('partnerId'), hour: p('hour'), clicks: p('clicks'), exchanges: zero, successful: zero, earned: zero })
    .onConflictDoUpdate({ target: [partnerHours.partnerId, partnerHours.hour], set: { clicks: sql`${partnerHours.clicks} + excluded.clicks` } }));
  const day = prepareNamed(db, db.insert(partnerDays).values({ partnerId: p('partnerId'), day: p('day'), clicks: p('clicks'), exchanges: zero, successful: zero, earned: zero })
    .onConflictDoUpdate({ target: [partnerDays.partnerId, partnerDays.day], set: { clicks: sql`${partnerDays.clicks} + excluded.clicks` } }));
  const total = prepareNamed(db, db.insert(partnerTotals).values({
    partnerId: p('partnerId'), clicks: p('clicks'), exchanges: zero, successful: zero, earned: zero, turnover: zero, paid: zero, pending: zero,
  })
    .onConflictDoUpdate({ target: partnerTotals.partnerId, set: { clicks: sql`${partnerTotals.clicks} + excluded.clicks` } }));
  return (deltas) => {
    for (const delta of deltas) {
      if (delta.exchanges !== 0 || delta.successful !== 0 || delta.earned !== 0n) throw new Error('prepareClickCounts adds clicks only');
      hour.run({ partnerId: delta.partnerId, hour: delta.hour, clicks: delta.clicks, zero: 0 });
    }
    for (const delta of dayDeltas(deltas)) day.run({ partnerId: delta.partnerId, day: delta.day, clicks: delta.clicks, zero: 0 });
    for (const delta of new TotalsDeltas().addHours(deltas).list()) total.run({ partnerId: delta.partnerId, clicks: delta.clicks, zero: 0 });
  };
}
