// Reading the tables in tests on either engine: a SQL text both dialects accept, run on the
// app's own database, rows normalised to SQLite's shapes (booleans 0/1, bigint as number), so
// that one assertion holds on both. Writing goes through app.repos.
import type { FastifyInstance } from 'fastify';
import type { Repos } from '../../src/db/repos.js';
import { pgOf } from '../../src/db/pg/index.js';
import { sqliteOf } from '../../src/db/sqlite/index.js';

const INT8 = 20;

export async function selectRows<T = Record<string, unknown>>(app: FastifyInstance, text: string): Promise<T[]> {
  if (!app.config.databaseUrl) return sqliteOf(app.db).sqlite.prepare(text).all() as T[];
  const result = await pgOf(app.db).pool.query(text);
  const int8 = new Set(result.fields.filter((f) => f.dataTypeID === INT8).map((f) => f.name));
  return result.rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([name, value]) => [
    name,
    typeof value === 'boolean' ? Number(value) : int8.has(name) && typeof value === 'string' ? Number(value) : value,
  ]))) as T[];
}

/** The one value of a one-row, one-column query, e.g. `select count(*) as n from clicks`. */
export async function selectValue(app: FastifyInstance, text: string): Promise<unknown> {
  const [row] = await selectRows(app, text);
  return row ? Object.values(row)[0] : undefined;
}

/** An exchange direction with round figures, through the repositories. */
export async function addDirectionRow(repos: Repos, from: string, to: string, active = true): Promise<void> {
  await repos.directions.upsertMany([{
    from, to, in: '1', out: '1', amount: '100', minamount: '0', maxamount: '0', minfee: null, fromfee: null, tofee: null,
    floating: null, delay: null, param: [], city: [], active,
  }], 0);
}

/** A statement that returns nothing (DDL in a test that breaks the database on purpose). */
export async function runStatement(app: FastifyInstance, text: string): Promise<void> {
  if (app.config.databaseUrl) await pgOf(app.db).pool.query(text);
  else sqliteOf(app.db).sqlite.exec(text);
}
