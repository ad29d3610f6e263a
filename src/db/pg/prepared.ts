// Reads on the partner API's hot path, run on node-postgres directly as named prepared statements
// with rows as arrays, built by src/db/raw-rows.ts: drizzle's generic mapping of each value (and
// its query object per call) cost more of the process than the page's own SQL (BENCHMARKS.md,
// issue 13, seventh session). Same SQL as drizzle builds, same values as its columns map.
import type { Column, Logger } from 'drizzle-orm';
import type { Pool, PoolClient } from 'pg';
import { bindNamed, rowBuilder, type Query } from '../raw-rows.js';
import type { PgDb } from './open.js';

/** drizzle's session holds the pool (or, in a transaction, its client) and the query logger. */
type Session = { client: Pool | PoolClient; logger: Logger };

export function preparePgRead<Row>(db: PgDb, name: string, query: Query, fields: Record<string, Column>): (values: Record<string, unknown>) => Promise<Row[]> {
  const { sql: text, params } = query.toSQL();
  const bind = bindNamed(text, params);
  const toRow = rowBuilder<Row>(fields);
  const { client, logger } = (db as unknown as { session: Session }).session;
  return async (values) => {
    const positional = bind(values);
    logger.logQuery(text, positional);
    const result = await client.query<unknown[]>({ name, text, values: positional, rowMode: 'array' });
    return result.rows.map(toRow);
  };
}
