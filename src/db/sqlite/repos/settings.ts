import { eq, sql } from 'drizzle-orm';
import type { SettingsRepo } from '../../repos.js';
import type { Db } from '../open.js';
import { settings } from '../schema.js';

export function createSettingsRepo(db: Db): SettingsRepo {
  return {
    async get(key: string): Promise<string | null> {
      return db.select().from(settings).where(eq(settings.key, key)).get()?.value ?? null;
    },
    /** Stores `value` unless the key has one; returns the stored value (first writer wins). */
    async setIfAbsent(key: string, value: string): Promise<string> {
      db.insert(settings).values({ key, value }).onConflictDoNothing().run();
      return db.select().from(settings).where(eq(settings.key, key)).get()!.value;
    },
    async set(key: string, value: string): Promise<void> {
      db.insert(settings).values({ key, value })
        .onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    },
    async holdsData(): Promise<boolean> {
      const row = db.get<{ n: number }>(sql`select
        exists(select 1 from partners) + exists(select 1 from directions) + exists(select 1 from feeds)
        + exists(select 1 from clicks) + exists(select 1 from exchanges) as n`);
      return (row?.n ?? 0) > 0;
    },
    async deleteAllData(): Promise<void> {
      db.transaction((tx) => {
        tx.run(sql`PRAGMA defer_foreign_keys = ON`);
        const tables = tx.all<{ name: string }>(sql`select name from sqlite_master where type = 'table'
          and substr(name, 1, 2) <> '__' and name <> 'sqlite_sequence'`);
        for (const { name } of tables) tx.run(sql`delete from ${sql.identifier(name)}`);
        const sequences = tx.get<{ n: number }>(sql`select count(*) as n from sqlite_master where name = 'sqlite_sequence'`);
        if (sequences?.n) tx.run(sql`delete from sqlite_sequence`);
      });
    },
  };
}
