// The SQL that only SQLite speaks, in one place: a PostgreSQL implementation spells these
// `string_agg`, `greatest` and `extract(epoch from now())`.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/** The current time in unix seconds, as a column default. */
export const unixNow = sql`(unixepoch())`;

/** The values of a group joined with `separator` (null for an empty group). */
export function groupConcat(value: SQLWrapper, separator: string): SQL<string | null> {
  return sql<string | null>`group_concat(${value}, ${separator})`;
}

/** The larger of two values (SQLite's two-argument max is a scalar function). */
export function greatest(a: SQLWrapper, b: SQLWrapper | number): SQL {
  return sql`max(${a}, ${b})`;
}

/** sum() of an integer column as an exact bigint: read as text, since a JavaScript number rounds past 2^53. */
export function sumExact(value: SQLWrapper): SQL<bigint> {
  return sql<string>`cast(coalesce(sum(${value}), 0) as text)`.mapWith((text: string) => BigInt(text));
}

/** count(*) as a number. */
export function countAll(): SQL<number> {
  return sql<number>`count(*)`.mapWith(Number);
}
