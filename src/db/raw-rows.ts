// Statements run on the driver directly, for both engines: SQL built once by drizzle from the
// schema, named placeholders bound by position, rows built from the driver's arrays. Drizzle's
// per-call parameter filling and generic row mapping cost more than the statement itself on the
// hot paths (a click written, a page of the partner API read: BENCHMARKS.md, issues 12 and 13).
import { Column, Param, Placeholder } from 'drizzle-orm';

export type Query = { toSQL(): { sql: string; params: unknown[] } };

/** The statement's positional values from named ones; every parameter must be a placeholder. */
export function bindNamed(text: string, params: unknown[]): (values: Record<string, unknown>) => unknown[] {
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
 * Rows from the driver's arrays (columns in `fields` order), each value mapped by its column as
 * drizzle would; values that need no mapping as they come. Built as one object literal per
 * statement (generated once from the schema's own field names): filling an object key by key
 * from a list cost 1.8 ms for 1,000 rows of 29 columns, the literal 0.045 ms.
 */
export function rowBuilder<Row>(fields: Record<string, Column>): (row: unknown[]) => Row {
  const columns = Object.values(fields);
  const value = (column: Column, i: number) => (column.mapFromDriverValue === Column.prototype.mapFromDriverValue
    ? `row[${i}]`
    : `(row[${i}] === null ? null : columns[${i}].mapFromDriverValue(row[${i}]))`);
  const literal = Object.keys(fields).map((key, i) => `${JSON.stringify(key)}: ${value(columns[i]!, i)}`).join(', ');
  return new Function('columns', `return function toRow(row) { return { ${literal} }; };`)(columns) as (row: unknown[]) => Row;
}
