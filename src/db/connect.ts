// Opens the engine the configuration names: PostgreSQL for a postgres:// RATELINK_DATABASE_URL,
// otherwise the SQLite file (or :memory:) at RATELINK_DB. The only place that chooses.
import type { Config } from '../config.js';
import type { Database } from './database.js';

// Each engine's modules load only when it is chosen: the driver, drizzle's dialect and the
// repositories of the other engine are a tenth of the start-up time (BENCHMARKS.md).
export async function connectDatabase(config: Pick<Config, 'dbPath' | 'databaseUrl' | 'databasePoolSize' | 'databaseStatementTimeout'>): Promise<Database> {
  if (config.databaseUrl) {
    const { openPgDatabase } = await import('./pg/index.js');
    return openPgDatabase(config.databaseUrl, { poolSize: config.databasePoolSize, statementTimeoutMs: config.databaseStatementTimeout * 1000 });
  }
  const { openSqliteDatabase } = await import('./sqlite/index.js');
  return openSqliteDatabase(config.dbPath);
}

/**
 * Applies the pending migrations, as opening does, outside the app: the server calls it before
 * building the app because Fastify fails a plugin that has not started within 10 s, and the
 * migrations of an update can take minutes on a large database (or wait that long for another
 * instance's; BENCHMARKS.md). Opening then finds them applied.
 */
export async function migrateDatabase(config: Pick<Config, 'dbPath' | 'databaseUrl'>): Promise<void> {
  if (config.databaseUrl) {
    const { migratePgAt } = await import('./pg/open.js');
    return migratePgAt(config.databaseUrl);
  }
  if (config.dbPath === ':memory:') return; // a new one each time it is opened
  const { openDatabase } = await import('./sqlite/open.js');
  openDatabase(config.dbPath).close();
}

/** A connection string fit to print: no password. */
export function describeDatabase(config: Pick<Config, 'dbPath' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return config.dbPath;
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
