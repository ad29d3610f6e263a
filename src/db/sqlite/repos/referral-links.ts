import { and, asc, between, eq, ne, sql } from 'drizzle-orm';
import type { LinkChanges, LinkDayStats, LinkNumbers, LinkRepo, LinkRow, NewLink } from '../../repos.js';
import { countAll, sumExact, unixNow } from '../dialect.js';
import { isCountedClick } from '../counted-clicks.js';
import type { Db } from '../open.js';
import { clicks, exchanges, referralLinks } from '../schema.js';
import { mergeDays, mergeLinks } from '../../link-days.js';

export function createLinkRepo(db: Db): LinkRepo {
  return {
    /** Inserts a link; null when the code is taken (the unique index decides). */
    async insert(values: NewLink): Promise<LinkRow | null> {
      // The column's constant default (0, for ALTER TABLE) would win over the schema's $defaultFn:
      // a new link's updated_at is its creation time, as PostgreSQL's default gives.
      const updatedAt = values.updatedAt ?? values.createdAt ?? unixNow;
      return db.insert(referralLinks).values({ ...values, updatedAt }).onConflictDoNothing().returning().get() ?? null;
    },
    async findByCode(code: string): Promise<LinkRow | null> {
      return db.select().from(referralLinks).where(eq(referralLinks.code, code)).get() ?? null;
    },
    async update(code: string, patch: LinkChanges): Promise<LinkRow | null> {
      return db.update(referralLinks).set(patch).where(eq(referralLinks.code, code)).returning().get() ?? null;
    },
    async list(): Promise<LinkRow[]> {
      return db.select().from(referralLinks).orderBy(asc(referralLinks.id)).all();
    },
    async listByPartner(partnerId: number): Promise<LinkRow[]> {
      return db.select().from(referralLinks).where(eq(referralLinks.partnerId, partnerId)).orderBy(asc(referralLinks.id)).all();
    },
    /** The partner's first link: the `link` of get_info. */
    async primaryForPartner(partnerId: number): Promise<LinkRow | null> {
      return db.select().from(referralLinks).where(eq(referralLinks.partnerId, partnerId))
        .orderBy(asc(referralLinks.id)).limit(1).get() ?? null;
    },
    async countUnarchived(partnerId: number): Promise<number> {
      return db.select({ n: countAll() }).from(referralLinks)
        .where(and(eq(referralLinks.partnerId, partnerId), ne(referralLinks.visibility, 'archived'))).get()?.n ?? 0;
    },
    async dailyStats(partnerId: number, linkId: number, from: number, to: number): Promise<LinkDayStats[]> {
      const clickDay = sql<number>`(${clicks.time} / 86400) * 86400`.mapWith(Number);
      const clickRows = db.select({ day: clickDay, n: countAll() }).from(clicks)
        .where(and(eq(clicks.partnerId, partnerId), eq(clicks.linkId, linkId), between(clicks.time, from, to), isCountedClick))
        .groupBy(clickDay).all();
      const exchangeDay = sql<number>`(${exchanges.time} / 86400) * 86400`.mapWith(Number);
      const exchangeRows = db.select({
        day: exchangeDay,
        n: countAll(),
        ok: sql<number>`coalesce(sum(case when ${exchanges.status} = 'success' then 1 else 0 end), 0)`.mapWith(Number),
        earned: sumExact(sql`case when ${exchanges.status} = 'success' then ${exchanges.reward} else 0 end`),
      }).from(exchanges)
        .where(and(eq(exchanges.partnerId, partnerId), eq(exchanges.linkId, linkId), between(exchanges.time, from, to)))
        .groupBy(exchangeDay).all();
      return mergeDays(clickRows, exchangeRows);
    },
    async numbersByLink(partnerId: number, from: number, to: number): Promise<LinkNumbers[]> {
      const clickRows = db.select({ linkId: clicks.linkId, n: countAll() }).from(clicks)
        .where(and(eq(clicks.partnerId, partnerId), between(clicks.time, from, to), isCountedClick))
        .groupBy(clicks.linkId).all();
      const exchangeRows = db.select({
        linkId: exchanges.linkId,
        n: countAll(),
        ok: sql<number>`coalesce(sum(case when ${exchanges.status} = 'success' then 1 else 0 end), 0)`.mapWith(Number),
        earned: sumExact(sql`case when ${exchanges.status} = 'success' then ${exchanges.reward} else 0 end`),
      }).from(exchanges)
        .where(and(eq(exchanges.partnerId, partnerId), between(exchanges.time, from, to)))
        .groupBy(exchanges.linkId).all();
      return mergeLinks(clickRows, exchangeRows);
    },
  };
}
