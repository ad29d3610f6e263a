import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { feeds, settings } from '../schema.js';
import { bumpRatesVersion, RATES_VERSION_KEY } from './directions.js';

export type FeedRow = typeof feeds.$inferSelect;
export type NewFeed = typeof feeds.$inferInsert;

export const MAINTENANCE_KEY = 'maintenance';

/** One feed's fetches since the last flush, aggregated in memory by the export route. */
export interface FetchStats {
  code: string;
  count: number;
  lastAt: number;
  lastIp: string;
}

/** What the feed cache polls to notice changes made by another process (or another area). */
export interface FeedSourceState {
  ratesVersion: number;
  maintenance: boolean;
  /** Changes whenever a feed is added, removed, enabled/disabled or gets new options. */
  feedsSignature: string;
}

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
    async update(code: string, patch: Partial<Pick<NewFeed, 'name' | 'dialect' | 'options' | 'enabled'>>): Promise<FeedRow | null> {
      return db.update(feeds).set(patch).where(eq(feeds.code, code)).returning().get() ?? null;
    },
    // ---- feeds issue (rate-export feeds) ----
    async readSourceState(): Promise<FeedSourceState> {
      const rows = db.select().from(settings).where(inArray(settings.key, [RATES_VERSION_KEY, MAINTENANCE_KEY])).all();
      const value = (key: string) => rows.find((r) => r.key === key)?.value;
      const signature = db.select({
        text: sql<string | null>`group_concat(${feeds.code} || ':' || ${feeds.dialect} || ':' || ${feeds.enabled} || ':' || ${feeds.options}, '|')`,
      }).from(feeds).get();
      return { ratesVersion: Number(value(RATES_VERSION_KEY) ?? 0), maintenance: value(MAINTENANCE_KEY) === '1', feedsSignature: signature?.text ?? '' };
    },
    /** The stored maintenance switch (RATELINK_MAINTENANCE is the other one). */
    async setMaintenance(on: boolean): Promise<void> {
      db.transaction((tx) => {
        tx.insert(settings).values({ key: MAINTENANCE_KEY, value: on ? '1' : '0' })
          .onConflictDoUpdate({ target: settings.key, set: { value: on ? '1' : '0' } }).run();
        bumpRatesVersion(tx);
      });
    },
    /** Adds aggregated fetches in one transaction: one UPDATE per feed, not one per request. */
    async recordFetches(stats: FetchStats[]): Promise<void> {
      db.transaction((tx) => {
        for (const s of stats) {
          tx.update(feeds).set({
            fetchCount: sql`${feeds.fetchCount} + ${s.count}`,
            lastFetchAt: sql`max(coalesce(${feeds.lastFetchAt}, 0), ${s.lastAt})`,
            lastIp: s.lastIp,
          }).where(eq(feeds.code, s.code)).run();
        }
      });
    },
  };
}
