import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { FeedRepo, FeedRow, FeedSourceState, FetchStats, NewFeed } from '../../repos.js';
import { greatest, groupConcat } from '../dialect.js';
import type { Db } from '../open.js';
import { feeds, settings } from '../schema.js';
import { bumpRatesVersion, MAINTENANCE_KEY, RATES_VERSION_KEY } from '../settings-keys.js';

export function createFeedRepo(db: Db): FeedRepo {
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
    async readSourceState(): Promise<FeedSourceState> {
      const rows = db.select().from(settings).where(inArray(settings.key, [RATES_VERSION_KEY, MAINTENANCE_KEY])).all();
      const value = (key: string) => rows.find((r) => r.key === key)?.value;
      const signature = db.select({
        text: groupConcat(sql`${feeds.code} || ':' || ${feeds.dialect} || ':' || ${feeds.enabled} || ':' || ${feeds.options}`, '|'),
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
            lastFetchAt: greatest(sql`coalesce(${feeds.lastFetchAt}, 0)`, s.lastAt),
            // As on PostgreSQL, where another instance may flush an older fetch later: the latest fetch's address.
            lastIp: sql`case when ${feeds.lastFetchAt} > ${s.lastAt} then ${feeds.lastIp} else ${s.lastIp} end`,
          }).where(eq(feeds.code, s.code)).run();
        }
      });
    },
  };
}
