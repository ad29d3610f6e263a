// PostgreSQL for tests: with RATELINK_TEST_DATABASE_URL set, every app that build() makes
// runs on PostgreSQL, in a schema of its own (search_path), migrated by the app at start like
// any instance. After the test its rows are deleted and the schema waits for the next build()
// of the same process: creating, migrating and dropping a schema costs about a third of a
// second, emptying one a few milliseconds. Unset: everything stays on SQLite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import tap, { type Test } from 'tap';
import { openPgDatabase, type PgDatabase } from '../../src/db/pg/index.js';
import { migratePg } from '../../src/db/pg/migrate.js';

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

/** The PostgreSQL engine on a new empty schema, migrated at open; closed and dropped when `t` ends. */
export async function openTestPgDatabase(t: Test, poolSize: number): Promise<PgDatabase> {
  const schema = await createTestSchema();
  const database = await openPgDatabase(schema.url, { poolSize });
  t.teardown(async () => {
    await database.close();
    await schema.drop();
  });
  return database;
}

/** Emptied schemas of this process's finished tests, migrated, for the next build(). */
const spare: TestSchema[] = [];
/** The tables, columns and indexes of a freshly migrated schema, to refuse one a test changed. */
let migratedShape: string | null = null;
// Dropped when the test file's root test ends (the process exits without 'beforeExit').
tap.teardown(() => Promise.all(spare.splice(0).map((schema) => schema.drop())).then(() => undefined));

/**
 * A migrated schema as a fresh one looks to the app: new, or a spare one emptied (every row
 * deleted, every sequence back at 1, the migrations kept). `drop()` hands it back for reuse;
 * a schema whose tables a test changed (DROP TABLE to make a write fail) is dropped instead.
 */
export async function takeTestSchema(): Promise<TestSchema> {
  const schema = spare.pop() ?? await createMigratedSchema();
  return { ...schema, drop: () => handBack(schema) };
}

async function createMigratedSchema(): Promise<TestSchema> {
  const schema = await createTestSchema();
  const pool = new pg.Pool({ connectionString: schema.url, max: 1 });
  try {
    await migratePg(pool);
  } finally {
    await pool.end();
  }
  migratedShape ??= await shapeOf(adminPool(), schema.name);
  return schema;
}

async function handBack(schema: TestSchema): Promise<void> {
  const client = await adminPool().connect();
  try {
    if (await shapeOf(client, schema.name) !== migratedShape) throw new Error('changed by its test');
    await client.query(emptySchemaSql(schema.name));
    spare.push(schema);
  } catch {
    await client.query('rollback').catch(() => undefined);
    await schema.drop();
  } finally {
    client.release();
  }
}

async function shapeOf(db: pg.Pool | pg.PoolClient, name: string): Promise<string> {
  const { rows } = await db.query<{ shape: string }>(`select md5(string_agg(item, ',' order by item)) as shape from (
    select table_name || '.' || column_name || ':' || data_type as item from information_schema.columns where table_schema = $1
    union all select tablename || '#' || indexname from pg_indexes where schemaname = $1) items`, [name]);
  return rows[0]!.shape;
}

/** One round trip; foreign keys are not checked while deleting (session_replication_role, superuser). */
function emptySchemaSql(name: string): string {
  const literal = `'${name}'`;
  return `begin;
set local session_replication_role = replica;
do $$ declare r record; begin
  for r in select format('%I.%I', schemaname, tablename) as t from pg_tables
    where schemaname = ${literal} and tablename <> '__drizzle_migrations' loop
    execute 'delete from ' || r.t;
  end loop;
  for r in select format('%I.%I', schemaname, sequencename) as s from pg_sequences
    where schemaname = ${literal} and sequencename not like '%drizzle%' loop
    perform setval(r.s, 1, false);
  end loop;
end $$;
commit;`;
}
