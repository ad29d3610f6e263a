import { and, asc, between, eq, ne, sql } from 'drizzle-orm';
import type { LinkChanges, LinkDayStats, LinkNumbers, LinkRepo, LinkRow, NewLink } from '../../repos.js';
import { countAll, first, sumExact } from '../dialect.js';
import type { PgDb } from '../open.js';
import { clicks, exchanges, referralLinks } from '../schema.js';
import { mergeDays, mergeLinks } from '../../link-days.js';

export function createLinkRepo(db: PgDb): LinkRepo {
  return {
    /** Inserts a link; null when the code is taken (the unique constraint decides). */
    async insert(values: NewLink): Promise<LinkRow | null> {
      return first(await db.insert(referralLinks).values(values).onConflictDoNothing().returning());
    },
    async findByCode(code: string): Promise<LinkRow | null> {
      return first(await db.select().from(referralLinks).where(eq(referralLinks.code, code)));
    },
    async update(code: string, patch: LinkChanges): Promise<LinkRow | null> {
      return first(await db.update(referralLinks).set(patch).where(eq(referralLinks.code, code)).returning());
    },
    async list(): Promise<LinkRow[]> {
      return db.select().from(referralLinks).orderBy(asc(referralLinks.id));
    },
    async listByPartner(partnerId: number): Promise<LinkRow[]> {
      return db.select().from(referralLinks).where(eq(referralLinks.partnerId, partnerId)).orderBy(asc(referralLinks.id));
    },
    /** The partner's first link: the `link` of get_info. */
    async primaryForPartner(partnerId: number): Promise<LinkRow | null> {
      return first(await db.select().from(referralLinks).where(eq(referralLinks.partnerId, partnerId))
        .orderBy(asc(referralLinks.id)).limit(1));
    },
    async countUnarchived(partnerId: number): Promise<number> {
      const row = first(await db.select({ n: countAll() }).from(referralLinks)
        .where(and(eq(referralLinks.partnerId, partnerId), ne(referralLinks.visibility, 'archived'))));
      return row?.n ?? 0;
    },
    async dailyStats(partnerId: number, linkId: number, from: number, to: number): Promise<LinkDayStats[]> {
      const clickDay = sql<number>`(${clicks.time} / 86400) * 86400`.mapWith(Number);
      const clickRows = await db.select({ day: clickDay, n: countAll() }).from(clicks)
        .where(and(eq(clicks.partnerId, partnerId), eq(clicks.linkId, linkId), between(clicks.time, from, to),
          eq(clicks.isBot, false), eq(clicks.isRepeat, false)))
        .groupBy(clickDay);
      const exchangeDay = sql<number>`(${exchanges.time} / 86400) * 86400`.mapWith(Number);
      const exchangeRows = await db.select({
        day: exchangeDay,
        n: countAll(),
        ok: sql<number>`coalesce(sum(case when ${exchanges.status} = 'success' then 1 else 0 end), 0)`.mapWith(Number),
        earned: sumExact(sql`case when ${exchanges.status} = 'success' then ${exchanges.reward} else 0 end`),
      }).from(exchanges)
        .where(and(eq(exchanges.partnerId, partnerId), eq(exchanges.linkId, linkId), between(exchanges.time, from, to)))
        .groupBy(exchangeDay);
      return mergeDays(clickRows, exchangeRows);
    },
    async numbersByLink(partnerId: number, from: number, to: number): Promise<LinkNumbers[]> {
      const clickRows = await db.select({ linkId: clicks.linkId, n: countAll() }).from(clicks)
        .where(and(eq(clicks.partnerId, partnerId), between(clicks.time, from, to), eq(clicks.isBot, false), eq(clicks.isRepeat, false)))
        .groupBy(clicks.linkId);
      const exchangeRows = await db.select({
        linkId: exchanges.linkId,
        n: countAll(),
        ok: sql<number>`coalesce(sum(case when ${exchanges.status} = 'success' then 1 else 0 end), 0)`.mapWith(Number),
        earned: sumExact(sql`case when ${exchanges.status} = 'success' then ${exchanges.reward} else 0 end`),
      }).from(exchanges)
        .where(and(eq(exchanges.partnerId, partnerId), between(exchanges.time, from, to)))
        .groupBy(exchanges.linkId);
      return mergeLinks(clickRows, exchangeRows);
    },
  };
}
