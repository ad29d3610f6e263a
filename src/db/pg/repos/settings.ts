import { eq } from 'drizzle-orm';
import type { SettingsRepo } from '../../repos.js';
import type { PgDb } from '../open.js';
import { settings } from '../schema.js';

export function createSettingsRepo(db: PgDb): SettingsRepo {
  return {
    async get(key: string): Promise<string | null> {
      return (await db.select().from(settings).where(eq(settings.key, key)))[0]?.value ?? null;
    },
    async set(key: string, value: string): Promise<void> {
      await db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
    },
  };
}
