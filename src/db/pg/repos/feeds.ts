import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { FeedRepo, FeedRow, FeedSourceState, FetchStats, NewFeed } from '../../repos.js';
import { first, greatest, groupConcat } from '../dialect.js';
import type { PgDb } from '../open.js';
import { feeds, settings } from '../schema.js';
import { bumpRatesVersion, MAINTENANCE_KEY, RATES_VERSION_KEY } from '../settings-keys.js';

export function createFeedRepo(db: PgDb): FeedRepo {
  return {
    async insert(values: NewFeed): Promise<FeedRow | null> {
      return first(await db.insert(feeds).values(values).onConflictDoNothing().returning());
    },
    async update(code: string, patch: Partial<Pick<NewFeed, 'name' | 'dialect' | 'options' | 'enabled'>>): Promise<FeedRow | null> {
      return first(await db.update(feeds).set(patch).where(eq(feeds.code, code)).returning());
    },
    async list(): Promise<FeedRow[]> {
      return db.select().from(feeds).orderBy(asc(feeds.id));
    },
    async findByCode(code: string): Promise<FeedRow | null> {
      return first(await db.select().from(feeds).where(eq(feeds.code, code)));
    },
    async readSourceState(): Promise<FeedSourceState> {
      const rows = await db.select().from(settings).where(inArray(settings.key, [RATES_VERSION_KEY, MAINTENANCE_KEY]));
      const value = (key: string) => rows.find((r) => r.key === key)?.value;
      const [signature] = await db.select({
        text: groupConcat(sql`${feeds.code} || ':' || ${feeds.dialect} || ':' || ${feeds.enabled} || ':' || ${feeds.options}::text`, '|', feeds.id),
      }).from(feeds);
      return { ratesVersion: Number(value(RATES_VERSION_KEY) ?? 0), maintenance: value(MAINTENANCE_KEY) === '1', feedsSignature: signature?.text ?? '' };
    },
    async setMaintenance(on: boolean): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.insert(settings).values({ key: MAINTENANCE_KEY, value: on ? '1' : '0' })
          .onConflictDoUpdate({ target: settings.key, set: { value: on ? '1' : '0' } });
        await bumpRatesVersion(tx);
      });
    },
    /** Adds aggregated fetches in one transaction: one UPDATE per feed; increments, so instances never overwrite each other's counts. */
    async recordFetches(stats: FetchStats[]): Promise<void> {
      await db.transaction(async (tx) => {
        // Feeds in one order: two instances flushing the same feeds never deadlock.
        for (const s of [...stats].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
          await tx.update(feeds).set({
            fetchCount: sql`${feeds.fetchCount} + ${s.count}`,
            lastFetchAt: greatest(sql`coalesce(${feeds.lastFetchAt}, 0)`, sql`${s.lastAt}::bigint`),
            // Another instance may flush an older fetch later: the address stays the latest fetch's.
            lastIp: sql`case when ${feeds.lastFetchAt} > ${s.lastAt}::bigint then ${feeds.lastIp} else ${s.lastIp} end`,
          }).where(eq(feeds.code, s.code));
        }
      });
    },
  };
}
