// PostgreSQL for tests: with RATELINK_TEST_DATABASE_URL set, every app that build() makes
// runs on PostgreSQL, in a schema of its own (search_path), created empty, migrated by the
// app at start like any instance, and dropped after the test. Unset: everything stays on SQLite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_TEST_URL = process.env.RATELINK_TEST_DATABASE_URL?.trim() || null;

/** For t.test(name, { skip: SQLITE_ONLY }, …) where a test is about SQLite itself. */
export function sqliteOnly(why: string): string | false {
  return PG_TEST_URL ? `SQLite only (${why}); this run is on PostgreSQL` : false;
}

let admin: pg.Pool | null = null;

function adminPool(): pg.Pool {
  // allowExitOnIdle: a test process ends when its tests do, without closing the pool.
  return (admin ??= new pg.Pool({ connectionString: PG_TEST_URL!, max: 2, idleTimeoutMillis: 200, allowExitOnIdle: true }));
}

export interface TestSchema {
  /** RATELINK_TEST_DATABASE_URL with search_path set to the schema. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new empty schema; names carry the process id so that parallel test files never collide. */
export async function createTestSchema(): Promise<TestSchema> {
  const name = `rl_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminPool().query(`create schema "${name}"`);
  const url = new URL(PG_TEST_URL!);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    drop: async () => { await adminPool().query(`drop schema if exists "${name}" cascade`); },
  };
}
