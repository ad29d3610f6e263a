// Demo data and production data never share a database. The demo marks the database it fills;
// production mode refuses a marked database (its keys and admin token were printed to a
// terminal), and demo mode refuses a database it did not create (it would re-stamp every rate
// as fresh and defeat the stale-rate guard).
import { describeDatabase } from '../db/connect.js';
import type { Repos } from '../db/repos.js';
import { ADMIN_TOKEN_SETTING } from '../plugins/admin-auth.js';
import { StartupError } from '../startup-failure.js';

export const DEMO_DATA_SETTING = 'demo_data';

export type DatabaseKind = 'empty' | 'demo' | 'operator';

export async function markDemoDatabase(repos: Repos): Promise<void> {
  await repos.settings.set(DEMO_DATA_SETTING, '1');
}

/** A stored admin token is also a demo mark: only the demo generates one (databases from before the mark). */
export async function classifyDatabase(repos: Repos): Promise<DatabaseKind> {
  if (await repos.settings.get(DEMO_DATA_SETTING)) return 'demo';
  if (await repos.settings.get(ADMIN_TOKEN_SETTING)) return 'demo';
  return (await repos.settings.holdsData()) ? 'operator' : 'empty';
}

/** Throws the one line to print when the mode and the database do not match. */
export async function checkDatabaseMode(repos: Repos, config: { demo: boolean; dbPath: string; databaseUrl?: string | null }): Promise<DatabaseKind> {
  const kind = await classifyDatabase(repos);
  // The setting that chose the database, so the line points at the one in use (on PostgreSQL, not the SQLite default).
  const other = config.databaseUrl ? 'RATELINK_DATABASE_URL to a new database' : 'RATELINK_DB to a new file';
  const database = describeDatabase({ dbPath: config.dbPath, databaseUrl: config.databaseUrl ?? null });
  if (!config.demo && kind === 'demo') {
    throw new StartupError(`${database} holds the demo data (its keys and admin token were printed); `
      + `set ${other}, or delete the demo data with \`ratelink demo purge\``);
  }
  if (config.demo && kind === 'operator') {
    throw new StartupError(`${database} holds data the demo did not create; set RATELINK_DEMO=0 `
      + `(with RATELINK_ADMIN_TOKEN, RATELINK_JWT_SECRET and RATELINK_SITE_URL) to serve it, or ${other} for the demo`);
  }
  return kind;
}
