// The SQLite engine behind the Database interface: one connection for the process, and a
// writer thread with its own connection for the clicks of /ref.
import { sql } from 'drizzle-orm';
import type { ClickWriterOptions, Database } from '../database.js';
import { createClickWriter } from './click-writer.js';
import { openDatabase, type SqliteConnection } from './open.js';
import { createRepos } from './repos/index.js';

/** The SQLite database; `db` and `sqlite` are for tests and benchmarks, never for services. */
export interface SqliteDatabase extends Database {
  db: SqliteConnection['db'];
  sqlite: SqliteConnection['sqlite'];
}

export function openSqliteDatabase(path: string): SqliteDatabase {
  const connection = openDatabase(path);
  const repos = createRepos(connection.db);
  return {
    db: connection.db,
    sqlite: connection.sqlite,
    repos,
    async ping() {
      connection.db.get(sql`select 1`);
    },
    async backup(target: string) {
      // SQLite's online backup: consistent even while the server keeps writing.
      const { totalPages } = await connection.sqlite.backup(target);
      return { pages: totalPages };
    },
    createClickWriter: (options: ClickWriterOptions) => createClickWriter({ ...options, dbPath: path, repos }),
    // Another process on the file (the CLI) is noticed by the feed cache's poll.
    changeSignal: null,
    createJobLeader: () => null,
    close: async () => connection.close(),
  };
}

/** The SQLite handles of a database opened here (tests and benchmarks reach the tables). */
export function sqliteOf(database: Database): SqliteDatabase {
  if (!('sqlite' in database)) throw new Error('not a SQLite database');
  return database as SqliteDatabase;
}
