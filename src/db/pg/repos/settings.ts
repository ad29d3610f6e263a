import { eq, sql } from 'drizzle-orm';
import type { SettingsRepo } from '../../repos.js';
import type { PgDb } from '../open.js';
import { settings } from '../schema.js';

export function createSettingsRepo(db: PgDb): SettingsRepo {
  return {
    async get(key: string): Promise<string | null> {
      return (await db.select().from(settings).where(eq(settings.key, key)))[0]?.value ?? null;
    },
    async setIfAbsent(key: string, value: string): Promise<string> {
      await db.insert(settings).values({ key, value }).onConflictDoNothing();
      return (await db.select().from(settings).where(eq(settings.key, key)))[0]!.value;
    },
    async set(key: string, value: string): Promise<void> {
      await db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
    },
    async holdsData(): Promise<boolean> {
      const result = await db.execute<{ n: boolean }>(sql`select exists(select 1 from partners) or exists(select 1 from directions)
        or exists(select 1 from feeds) or exists(select 1 from clicks) or exists(select 1 from exchanges) as n`);
      return result.rows[0]?.n === true;
    },
    async deleteAllData(): Promise<void> {
      // Every table of this schema but drizzle's journal, in one statement (one transaction).
      const result = await db.execute<{ name: string }>(sql`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' and left(table_name, 2) <> '__'`);
      const names = result.rows.map((row) => sql.identifier(row.name));
      if (names.length > 0) await db.execute(sql`truncate ${sql.join(names, sql`, `)} restart identity cascade`);
    },
  };
}
