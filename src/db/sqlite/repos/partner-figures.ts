// A partner's activity summed over time (the summary and the reports grouped by day): counted
// clicks, exchanges by their time, successful ones, and earned ledger units, per hour.
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Figures, HourFigures, PartnerFigureRepo } from '../../repos.js';
import { countAll, sumExact } from '../dialect.js';
import { countedClicksOf } from '../counted-clicks.js';
import type { Db } from '../open.js';
import { clicks, exchanges, ledgerEntries } from '../schema.js';
import { EARNING_KINDS, mergeHours } from '../../figures.js';

const hourOf = (time: SQLiteColumn) => sql<number>`(${time} / 3600) * 3600`.mapWith(Number);
const successCount = sql<number>`coalesce(sum(case when ${exchanges.status} = 'success' then 1 else 0 end), 0)`.mapWith(Number);

export function createPartnerFigureRepo(db: Db): PartnerFigureRepo {
  const clickWhere = (partnerId: number, from: number, to: number) =>
    and(countedClicksOf(partnerId), gte(clicks.time, from), lte(clicks.time, to));
  const exchangeWhere = (partnerId: number, from: number, to: number) =>
    and(eq(exchanges.partnerId, partnerId), gte(exchanges.time, from), lte(exchanges.time, to));
  const ledgerWhere = (partnerId: number, from: number, to: number) =>
    and(eq(ledgerEntries.partnerId, partnerId), inArray(ledgerEntries.kind, [...EARNING_KINDS]),
      gte(ledgerEntries.createdAt, from), lte(ledgerEntries.createdAt, to));
  return {
    async totals(partnerId: number, from: number, to: number): Promise<Figures> {
      const c = db.select({ n: countAll() }).from(clicks).where(clickWhere(partnerId, from, to)).get();
      const e = db.select({ n: countAll(), ok: successCount }).from(exchanges).where(exchangeWhere(partnerId, from, to)).get();
      const l = db.select({ total: sumExact(ledgerEntries.amount) }).from(ledgerEntries).where(ledgerWhere(partnerId, from, to)).get();
      return { clicks: c?.n ?? 0, exchanges: e?.n ?? 0, successful: e?.ok ?? 0, earned: l?.total ?? 0n };
    },
    async hourly(partnerId: number, from: number, to: number): Promise<HourFigures[]> {
      const clickHour = hourOf(clicks.time);
      const exchangeHour = hourOf(exchanges.time);
      const ledgerHour = hourOf(ledgerEntries.createdAt);
      return mergeHours(
        db.select({ hour: clickHour, clicks: countAll() }).from(clicks).where(clickWhere(partnerId, from, to)).groupBy(clickHour).all(),
        db.select({ hour: exchangeHour, exchanges: countAll(), successful: successCount }).from(exchanges)
          .where(exchangeWhere(partnerId, from, to)).groupBy(exchangeHour).all(),
        db.select({ hour: ledgerHour, earned: sumExact(ledgerEntries.amount) }).from(ledgerEntries)
          .where(ledgerWhere(partnerId, from, to)).groupBy(ledgerHour).all(),
      );
    },
  };
}
