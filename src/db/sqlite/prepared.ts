// Statements for hot paths, run directly on better-sqlite3 (src/db/raw-rows.ts): where a request
// writes a click or reads a page, or a rebuild reads the whole rate table.
import type BetterSqlite3 from 'better-sqlite3';
import { getTableColumns, type Column, type Logger, type Table } from 'drizzle-orm';
import type { Db } from './open.js';
import { bindNamed, rowBuilder, type Query } from '../raw-rows.js';

/** drizzle() on better-sqlite3 keeps the driver's connection as $client. */
export function driverOf(db: Db): BetterSqlite3.Database {
  return (db as Db & { $client: BetterSqlite3.Database }).$client;
}

/**
 * A write whose parameters are all `sql.placeholder(name)`, run with an object of values,
 * each encoded by its column as drizzle would (JSON columns stringified, booleans as 0/1).
 */
export function prepareNamed(db: Db, query: Query) {
  const { sql: text, params } = query.toSQL();
  const bind = bindNamed(text, params);
  const statement = driverOf(db).prepare(text);
  return {
    run: (values: Record<string, unknown>) => statement.run(...bind(values)),
  };
}

/**
 * A read with named placeholders whose rows are built here from the driver's arrays, each
 * value mapped by the column it was selected as (`fields`, in the query's select order), as
 * drizzle would: its generic row mapping cost more than the statement on the partner API's pages.
 */
export function prepareRead<Row>(db: Db, query: Query, fields: Record<string, Column>): (values: Record<string, unknown>) => Row[] {
  const { sql: text, params } = query.toSQL();
  const bind = bindNamed(text, params);
  const statement = driverOf(db).prepare(text).raw(true);
  // Logged as drizzle logs its own queries (tests read the plans of what ran).
  const { logger } = (db as Db & { session: { logger: Logger } }).session;
  const toRow = rowBuilder<Row>(fields);
  return (values) => {
    const positional = bind(values);
    logger.logQuery(text, positional);
    return (statement.all(...positional) as unknown[][]).map(toRow);
  };
}

/**
 * `select()` of every column of `table`, without parameters, returning rows as drizzle would:
 * the columns in schema order, each value mapped by its column (JSON parsed, booleans...).
 */
export function prepareSelectAll<T extends Table>(db: Db, table: T, query: Query): () => Array<T['$inferSelect']> {
  const { sql: text, params } = query.toSQL();
  if (params.length > 0) throw new Error(`expected no parameters in ${text}`);
  const statement = driverOf(db).prepare(text).raw(true);
  const toRow = rowBuilder<T['$inferSelect']>(getTableColumns(table));
  return () => (statement.all() as unknown[][]).map(toRow);
}

/**
 * The same for a query whose parameters are all `sql.placeholder(name)`: its first row, or
 * undefined. For reads on every request (drizzle builds and SQLite compiles a query anew on
 * each call, several times the cost of a primary-key read).
 */
export function prepareSelectFirst<T extends Table>(db: Db, table: T, query: Query): (values: Record<string, unknown>) => T['$inferSelect'] | undefined {
  const { sql: text, params } = query.toSQL();
  const bind = bindNamed(text, params);
  const statement = driverOf(db).prepare(text).raw(true);
  const toRow = rowBuilder<T['$inferSelect']>(getTableColumns(table));
  return (values) => {
    const row = statement.get(...bind(values)) as unknown[] | undefined;
    return row && toRow(row);
  };
}
