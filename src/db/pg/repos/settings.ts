import { eq } from 'drizzle-orm';
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
  };
}
