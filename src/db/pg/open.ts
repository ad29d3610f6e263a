// Opens PostgreSQL: a node-postgres pool of `poolSize` connections behind drizzle, with the
// committed migrations applied (src/db/pg/migrate.ts) before anything else runs.
import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { migratePg } from './migrate.js';
import * as schema from './schema.js';

/** The pool's drizzle handle or a transaction's: repositories take either. */
export type PgDb = PgDatabase<NodePgQueryResultHKT, typeof schema>;

export interface PgConnection {
  db: NodePgDatabase<typeof schema>;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface PgOptions {
  poolSize: number;
  /** How long a request waits for a free connection or a new one before failing (ms). */
  connectTimeoutMs?: number;
}

/**
 * No JIT: every statement here is short, and PostgreSQL compiles by estimated cost. The generic
 * plans kept for prepared statements estimate pessimistically (the summary: 400 ms of compiling
 * for 0.5 ms of work). pg-pool waits for the promise before the connection serves a query (its
 * types say the hook returns void).
 */
const withoutJit = (async (client: pg.ClientBase) => {
  await client.query('set jit = off');
}) as (client: pg.ClientBase) => void;

export async function openPg(url: string, { poolSize, connectTimeoutMs = 5000 }: PgOptions): Promise<PgConnection> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    // A lost server must not leave requests waiting on dead sockets.
    keepAlive: true,
    application_name: 'ratelink',
    onConnect: withoutJit,
  });
  // An idle connection the server dropped emits 'error' on the pool; the pool replaces it.
  pool.on('error', () => {});
  try {
    await migratePg(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}
