import { eq } from 'drizzle-orm';
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
  };
}
