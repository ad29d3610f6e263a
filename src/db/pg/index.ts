// The PostgreSQL engine behind the Database interface: a pool of connections shared by the
// repositories, units of work and the /ref click writer. No writer thread: the driver is
// asynchronous, and PostgreSQL commits other connections' work while one batch is flushed.
import { sql } from 'drizzle-orm';
import type { ClickWriterOptions, Database } from '../database.js';
import { openPg, type PgConnection, type PgOptions } from './open.js';
import { withUnitOfWork } from './unit-of-work.js';
import { asUnavailable } from './unavailable.js';
import { createPgChangeSignal } from './change-signal.js';
import { createPgJobLeader } from './job-leader.js';
import { createAuthVersionCache } from './auth-versions.js';

/** The PostgreSQL database; `db` and `pool` are for tests and tools, never for services. */
export interface PgDatabase extends Database {
  db: PgConnection['db'];
  pool: PgConnection['pool'];
}

export class PgBackupError extends Error {
  constructor() {
    super('ratelink backup copies a SQLite file; back up PostgreSQL with pg_dump (e.g. pg_dump -Fc -f ratelink.dump "$RATELINK_DATABASE_URL"), see docs/scaling.md');
  }
}

export async function openPgDatabase(url: string, options: PgOptions): Promise<PgDatabase> {
  const connection = await openPg(url, options);
  const authVersions = await createAuthVersionCache(url, connection.pool);
  const repos = withUnitOfWork(connection.db, authVersions);
  return {
    db: connection.db,
    pool: connection.pool,
    repos,
    async ping() {
      await connection.db.execute(sql`select 1`).catch((error: unknown) => { throw asUnavailable(error); });
    },
    async backup() {
      throw new PgBackupError();
    },
    // The group commit's batch is one transaction with one multi-row INSERT (repos/clicks.ts).
    createClickWriter: ({ windowSeconds }: ClickWriterOptions) => ({
      write: (batch) => repos.clicks.insertBatch(batch, windowSeconds),
      close: async () => {},
    }),
    poolStats: () => ({ total: connection.pool.totalCount, idle: connection.pool.idleCount, waiting: connection.pool.waitingCount }),
    changeSignal: createPgChangeSignal(url, connection.pool),
    createJobLeader: () => createPgJobLeader(url, options),
    close: async () => {
      await authVersions.close();
      await connection.close();
    },
  };
}

/** The PostgreSQL handles of a database opened here (tests reach the tables). */
export function pgOf(database: Database): PgDatabase {
  if (!('pool' in database)) throw new Error('not a PostgreSQL database');
  return database as PgDatabase;
}
