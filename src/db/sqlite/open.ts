// Opens the SQLite ledger with the pragmas ratelink relies on and applies the committed migrations.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsDir } from '../../paths.js';
import { refuseNewerSchema } from '../newer-schema.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface SqliteConnection {
  db: Db;
  sqlite: BetterSqlite3.Database;
  close(): void;
}

export function openDatabase(path: string): SqliteConnection {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  if (!inMemory) sqlite.pragma('journal_mode = WAL');
  // FULL: a click or a ledger entry is on disk before the response that reports it.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsDir });
  const latest = sqlite.prepare('select max(created_at) from __drizzle_migrations').pluck().get() as number | null;
  try {
    refuseNewerSchema(latest, migrationsDir);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return { db, sqlite, close: () => sqlite.close() };
}
