// Settings rows that more than one repository writes: the feeds' version, bumped by every
// change a feed shows, and the stored maintenance switch.
import { sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { settings } from './schema.js';

export const RATES_VERSION_KEY = 'rates_version';
export const MAINTENANCE_KEY = 'maintenance';

/** A drizzle handle inside `db.transaction` (the transaction object or the db itself). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/** Increments the feeds' version inside the caller's transaction; returns the new version. */
export function bumpRatesVersion(tx: Tx): number {
  const row = tx.insert(settings).values({ key: RATES_VERSION_KEY, value: '1' })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`CAST(${settings.value} AS INTEGER) + 1` } })
    .returning({ value: settings.value }).get();
  return Number(row.value);
}
