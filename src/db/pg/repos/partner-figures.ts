// A partner's activity summed over time (the summary and the reports grouped by day): counted
// clicks, exchanges by their time, successful ones, and earned ledger units, per hour.
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Figures, HourFigures, PartnerFigureRepo } from '../../repos.js';
import { countAll, sumExact } from '../dialect.js';
import type { PgDb } from '../open.js';
import { clicks, exchanges, ledgerEntries } from '../schema.js';
import { EARNING_KINDS, mergeHours } from '../../figures.js';

const hourOf = (time: PgColumn) => sql<number>`(${time} / 3600) * 3600`.mapWith(Number);
const successCount = sql<number>`coalesce(sum(case when ${exchanges.status} = 'success' then 1 else 0 end), 0)`.mapWith(Number);

export function createPartnerFigureRepo(db: PgDb): PartnerFigureRepo {
  const clickWhere = (partnerId: number, from: number, to: number) =>
    and(eq(clicks.partnerId, partnerId), eq(clicks.isBot, false), eq(clicks.isRepeat, false), gte(clicks.time, from), lte(clicks.time, to));
  const exchangeWhere = (partnerId: number, from: number, to: number) =>
    and(eq(exchanges.partnerId, partnerId), gte(exchanges.time, from), lte(exchanges.time, to));
  const ledgerWhere = (partnerId: number, from: number, to: number) =>
    and(eq(ledgerEntries.partnerId, partnerId), inArray(ledgerEntries.kind, [...EARNING_KINDS]),
      gte(ledgerEntries.createdAt, from), lte(ledgerEntries.createdAt, to));
  return {
    async totals(partnerId: number, from: number, to: number): Promise<Figures> {
      const [c] = await db.select({ n: countAll() }).from(clicks).where(clickWhere(partnerId, from, to));
      const [e] = await db.select({ n: countAll(), ok: successCount }).from(exchanges).where(exchangeWhere(partnerId, from, to));
      const [l] = await db.select({ total: sumExact(ledgerEntries.amount) }).from(ledgerEntries).where(ledgerWhere(partnerId, from, to));
      return { clicks: c?.n ?? 0, exchanges: e?.n ?? 0, successful: e?.ok ?? 0, earned: l?.total ?? 0n };
    },
    async hourly(partnerId: number, from: number, to: number): Promise<HourFigures[]> {
      const clickHour = hourOf(clicks.time);
      const exchangeHour = hourOf(exchanges.time);
      const ledgerHour = hourOf(ledgerEntries.createdAt);
      return mergeHours(
        await         db.select({ hour: clickHour, clicks: countAll() }).from(clicks).where(clickWhere(partnerId, from, to)).groupBy(clickHour),
        await db.select({ hour: exchangeHour, exchanges: countAll(), successful: successCount }).from(exchanges)
          .where(exchangeWhere(partnerId, from, to)).groupBy(exchangeHour),
        await db.select({ hour: ledgerHour, earned: sumExact(ledgerEntries.amount) }).from(ledgerEntries)
          .where(ledgerWhere(partnerId, from, to)).groupBy(ledgerHour),
      );
    },
  };
}
