// The SQL that only PostgreSQL speaks, in one place (src/db/sqlite/dialect.ts is SQLite's).
// node-postgres returns bigint and numeric results as strings: aggregates are mapped here.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/** The values of a group joined with `separator`, in `order` (null for an empty group). */
export function groupConcat(value: SQLWrapper, separator: string, order: SQLWrapper): SQL<string | null> {
  return sql<string | null>`string_agg(${value}, ${separator} order by ${order})`;
}

export function greatest(a: SQLWrapper, b: SQLWrapper | number): SQL {
  return sql`greatest(${a}, ${b})`;
}

/** sum() of an integer column as an exact bigint (sum of bigint is numeric, read as text). */
export function sumExact(value: SQLWrapper): SQL<bigint> {
  return sql<string>`coalesce(sum(${value}), 0)::text`.mapWith((text: string) => BigInt(text));
}

/** count(*) as a number (a bigint, read as a string by node-postgres). */
export function countAll(): SQL<number> {
  return sql<number>`count(*)`.mapWith(Number);
}

/** The first row of a result, or null. */
export function first<T>(rows: T[]): T | null {
  return rows[0] ?? null;
}
