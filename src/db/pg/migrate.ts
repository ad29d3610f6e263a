// Applies drizzle/pg at start, once however many instances start together: the migrator runs
// on one connection holding a session advisory lock, so the others wait and then find every
// migration applied (drizzle's migrator alone would race). The lock is per schema: ratelinks
// in other schemas of the same database (the tests) do not wait for each other.
import { drizzle } from 'drizzle-orm/node-postgres';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type pg from 'pg';
import { pgMigrationsDir } from '../../paths.js';
import { refuseNewerSchema } from '../newer-schema.js';

/** pg_advisory_lock's key for ratelink's migrations (any constant other code does not use). */
export const MIGRATION_LOCK = 0x7261746c; // "ratl"

export async function migratePg(pool: pg.Pool, migrationsFolder = pgMigrationsDir): Promise<void> {
  const client = await pool.connect();
  // Checked out, the connection has no 'error' listener of the pool's: a server lost during a
  // migration would end the process with a stack instead of failing the start with one line.
  client.on('error', () => {});
  try {
    await client.query('select pg_advisory_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK]);
    try {
      const { rows } = await client.query<{ schema: string | null; path: string }>('select current_schema() as schema, current_setting(\'search_path\') as path');
      const schema = rows[0]?.schema;
      // Else drizzle would create its own table, then fail on the first CREATE TABLE with the SQL
      // and no reason (or, on a database migrated in public, report it up to date).
      if (!schema) throw new MissingSchemaError(`no schema named in search_path (${rows[0]?.path}) exists: create it first (CREATE SCHEMA name AUTHORIZATION user)`);
      const db = drizzle(client);
      const config = { migrationsFolder, migrationsSchema: schema === 'public' ? 'drizzle' : schema };
      const migrations = readMigrationFiles(config).map((m) => ({ ...m, sql: m.sql.map((s) => inSchema(s, schema)) }));
      // The node-postgres migrator's own steps, with the statements placed in the schema.
      await (db as unknown as { dialect: Migrator }).dialect.migrate(migrations, (db as unknown as { session: unknown }).session, config);
      const latest = await client.query<{ at: string | null }>(`select max(created_at)::text as at from "${config.migrationsSchema.replaceAll('"', '""')}".__drizzle_migrations`);
      const at = latest.rows[0]?.at;
      refuseNewerSchema(at == null ? null : Number(at), migrationsFolder);
    } finally {
      await client.query('select pg_advisory_unlock($1, hashtext(current_schema()))', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** PostgreSQL's own code for it (invalid_schema_name), so a start names it as it names its other refusals. */
export class MissingSchemaError extends Error {
  readonly code = '3F000';
}

interface Migrator {
  migrate(migrations: ReturnType<typeof readMigrationFiles>, session: unknown, config: object): Promise<void>;
}

/**
 * drizzle-kit writes foreign keys as REFERENCES "public"."t". A connection whose search_path
 * names another schema (`?options=-c search_path=ratelink`, as every PostgreSQL test does)
 * gets its tables there, so the references follow.
 */
function inSchema(statement: string, schema: string): string {
  return schema === 'public' ? statement : statement.replaceAll('"public".', `"${schema.replaceAll('"', '""')}".`);
}
