import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { feeds } from '../schema.js';

export type FeedRow = typeof feeds.$inferSelect;
export type NewFeed = typeof feeds.$inferInsert;

export function createFeedRepo(db: Db) {
  return {
    /** Inserts a feed; null when the code is taken. */
    async insert(values: NewFeed): Promise<FeedRow | null> {
      return db.insert(feeds).values(values).onConflictDoNothing().returning().get() ?? null;
    },
    async list(): Promise<FeedRow[]> {
      return db.select().from(feeds).orderBy(asc(feeds.id)).all();
    },
    async findByCode(code: string): Promise<FeedRow | null> {
      return db.select().from(feeds).where(eq(feeds.code, code)).get() ?? null;
    },
  };
}
