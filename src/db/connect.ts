// Opens the engine the configuration names: PostgreSQL for a postgres:// RATELINK_DATABASE_URL,
// otherwise the SQLite file (or :memory:) at RATELINK_DB. The only place that chooses.
import type { Config } from '../config.js';
import type { Database } from './database.js';
import { openPgDatabase } from './pg/index.js';
import { openSqliteDatabase } from './sqlite/index.js';

export async function connectDatabase(config: Pick<Config, 'dbPath' | 'databaseUrl' | 'databasePoolSize'>): Promise<Database> {
  if (config.databaseUrl) return openPgDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  return openSqliteDatabase(config.dbPath);
}
