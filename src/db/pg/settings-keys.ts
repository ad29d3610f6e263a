// Settings rows that more than one repository writes (as src/db/sqlite/settings-keys.ts).
import { sql } from 'drizzle-orm';
import type { PgDb } from './open.js';
import { settings } from './schema.js';

export { MAINTENANCE_KEY, RATES_VERSION_KEY } from '../sqlite/settings-keys.js';
import { RATES_VERSION_KEY } from '../sqlite/settings-keys.js';

/** Increments the feeds' version inside the caller's transaction; returns the new version. */
export async function bumpRatesVersion(tx: PgDb): Promise<number> {
  const [row] = await tx.insert(settings).values({ key: RATES_VERSION_KEY, value: '1' })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`(${settings.value}::bigint + 1)::text` } })
    .returning({ value: settings.value });
  return Number(row!.value);
}
