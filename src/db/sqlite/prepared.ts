// Statements for hot paths: SQL built once by drizzle from the schema, run directly on
// better-sqlite3. Drizzle's per-call parameter filling and row mapping cost as much as the
// statement itself where a request writes a click or a rebuild reads the whole rate table.
import type BetterSqlite3 from 'better-sqlite3';
import { Column, getTableColumns, Param, Placeholder, type Logger, type Table } from 'drizzle-orm';
import type { Db } from './open.js';

type Query = { toSQL(): { sql: string; params: unknown[] } };

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

/** The statement's positional values from named ones; every parameter must be a placeholder. */
function bindNamed(text: string, params: unknown[]): (values: Record<string, unknown>) => unknown[] {
  const slots = params.map((param) => {
    const value = param instanceof Param ? param.value : param;
    if (!(value instanceof Placeholder)) throw new Error(`expected only placeholders in ${text}`);
    const encoder = param instanceof Param ? param.encoder : undefined;
    return { name: value.name as string, encode: encoder ? (v: unknown) => encoder.mapToDriverValue(v) : (v: unknown) => v };
  });
  return (values) => slots.map(({ name, encode }) => {
    const value = values[name];
    return value === null || value === undefined ? null : encode(value);
  });
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

/**
 * Rows from the driver's arrays (columns in `fields` order), each value mapped by its column as
 * drizzle would; integers and texts as they come. Built as one object literal per statement
 * (generated once from the schema's own field names): filling an object key by key from a list
 * made ~3.5 µs of a 30-column row, a tenth of a 1,000-row page (BENCHMARKS.md, issue 13).
 */
function rowBuilder<Row>(fields: Record<string, Column>): (row: unknown[]) => Row {
  const columns = Object.values(fields);
  const value = (column: Column, i: number) => (column.mapFromDriverValue === Column.prototype.mapFromDriverValue
    ? `row[${i}]`
    : `(row[${i}] === null ? null : columns[${i}].mapFromDriverValue(row[${i}]))`);
  const literal = Object.keys(fields).map((key, i) => `${JSON.stringify(key)}: ${value(columns[i]!, i)}`).join(', ');
  return new Function('columns', `return function toRow(row) { return { ${literal} }; };`)(columns) as (row: unknown[]) => Row;
}
