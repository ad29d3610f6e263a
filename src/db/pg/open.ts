// Opens PostgreSQL: a node-postgres pool of `poolSize` connections behind drizzle, with the
// committed migrations applied (src/db/pg/migrate.ts) before anything else runs.
import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { migratePg } from './migrate.js';
import { isUnavailable } from './unavailable.js';
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
  /** How long a statement may go unanswered before it fails and its connection is ended (ms); unset: no limit. */
  statementTimeoutMs?: number;
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

/**
 * Transactions on a connection ratelink checks out and gives back itself. drizzle's own, on a
 * pool, never gives the connection back when BEGIN fails (a pool slot lost for good), and gives
 * back one whose statement timed out as if it were sound (node-postgres still waits for that
 * answer, so the next request would). Released with the error, the connection is dropped.
 */
const ignore = () => {};

function withOwnTransactions(db: NodePgDatabase<typeof schema>, pool: pg.Pool): NodePgDatabase<typeof schema> {
  const onClient = new WeakMap<pg.PoolClient, NodePgDatabase<typeof schema>>();
  const transaction: typeof db.transaction = async (work, config) => {
    const client = await pool.connect();
    // pg-pool listens for a connection's 'error' only while it is idle: one lost while checked
    // out would be an uncaught 'error' event, ending the process. Its queries fail anyway.
    client.on('error', ignore);
    let connection = onClient.get(client);
    if (!connection) onClient.set(client, connection = drizzle(client, { schema }));
    try {
      const result = await connection.transaction(work, config);
      client.off('error', ignore);
      client.release();
      return result;
    } catch (error) {
      client.off('error', ignore);
      client.release(isUnavailable(error) ? error as Error : undefined);
      throw error;
    }
  };
  return Object.assign(db, { transaction });
}

function connectionOptions(url: string, connectTimeoutMs: number): pg.PoolConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    // A lost server must not leave requests waiting on dead sockets.
    keepAlive: true,
    application_name: 'ratelink',
    onConnect: withoutJit,
  };
}

/** Applies the pending migrations on a connection of its own (they may rebuild an index for minutes: unbounded). */
export async function migratePgAt(url: string, connectTimeoutMs = 5000): Promise<void> {
  const migrating = new pg.Pool({ ...connectionOptions(url, connectTimeoutMs), max: 1 });
  migrating.on('error', () => {});
  try {
    await migratePg(migrating);
  } finally {
    await migrating.end();
  }
}

export async function openPg(url: string, { poolSize, connectTimeoutMs = 5000, statementTimeoutMs }: PgOptions): Promise<PgConnection> {
  const options = connectionOptions(url, connectTimeoutMs);
  await migratePgAt(url, connectTimeoutMs);
  // A server that stops answering without closing (a partition, a frozen host, a failover to
  // another address) is noticed only by a timeout: the statement fails as unavailable instead
  // of hanging its request (and the /ref group commit behind it).
  const pool = new pg.Pool({ ...options, max: poolSize, query_timeout: statementTimeoutMs });
  // An idle connection the server dropped emits 'error' on the pool; the pool replaces it.
  pool.on('error', () => {});
  const db = withOwnTransactions(drizzle(pool, { schema }), pool);
  return { db, pool, close: () => pool.end() };
}
