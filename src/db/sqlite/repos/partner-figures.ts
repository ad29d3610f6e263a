// A partner's activity summed over time (the summary and the reports grouped by day): counted
// clicks, exchanges by their time, successful ones, and earned ledger units. Whole hours come
// from partner_hours (kept with the writes); the partial hours at a period's edges are counted
// from the rows through the (partner_id, time) indexes.
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DayFigureRow, FigureKey, Figures, HourFigures, KeyFigures, OffsetSpan, PartnerFigureRepo, PartnerStanding } from '../../repos.js';
import { countAll, sumExact } from '../dialect.js';
import { countedClicksOf } from '../counted-clicks.js';
import type { Db } from '../open.js';
import { driverOf } from '../prepared.js';
import { clicks, exchanges, ledgerEntries, partnerHours } from '../schema.js';
import { addFigures, daysOfSpans, EARNING_KINDS, mergeHours, mergeKeys, NO_FIGURES, splitPeriod } from '../../figures.js';

const hourOf = (time: SQLiteColumn) => sql<number>`(${time} / 3600) * 3600`.mapWith(Number);
const successCount = sql<number>`coalesce(sum(case when ${exchanges.status} = 'success' then 1 else 0 end), 0)`.mapWith(Number);
const successRewards = sumExact(sql`case when ${exchanges.status} = 'success' then ${exchanges.reward} else 0 end`);

// The key of a click and of an exchange as text, the same in both engines (null when absent).
const clickKey = (key: FigureKey) => ({
  link: sql<string | null>`cast(${clicks.linkId} as text)`,
  direction: sql<string | null>`${clicks.curFrom} || '>' || ${clicks.curTo}`,
  sub1: sql<string | null>`${clicks.sub1}`,
})[key];
const exchangeKey = (key: FigureKey) => ({
  link: sql<string | null>`cast(${exchanges.linkId} as text)`,
  direction: sql<string | null>`${exchanges.curGive} || '>' || ${exchanges.curGet}`,
  sub1: sql<string | null>`${exchanges.sub1}`,
})[key];

export function createPartnerFigureRepo(db: Db): PartnerFigureRepo {
  const clickWhere = (partnerId: number, from: number, to: number) =>
    and(countedClicksOf(partnerId), gte(clicks.time, from), lte(clicks.time, to));
  const exchangeWhere = (partnerId: number, from: number, to: number) =>
    and(eq(exchanges.partnerId, partnerId), gte(exchanges.time, from), lte(exchanges.time, to));
  const ledgerWhere = (partnerId: number, from: number, to: number) =>
    and(eq(ledgerEntries.partnerId, partnerId), inArray(ledgerEntries.kind, [...EARNING_KINDS]),
      gte(ledgerEntries.createdAt, from), lte(ledgerEntries.createdAt, to));
  // Counted from the rows: the partial hours at the edges of a period.
  const rows = {
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
  const hourSum = {
    clicks: sumExact(partnerHours.clicks), exchanges: sumExact(partnerHours.exchanges),
    successful: sumExact(partnerHours.successful), earned: sumExact(partnerHours.earned),
  };
  const inHours = (partnerId: number, first: number, last: number) =>
    and(eq(partnerHours.partnerId, partnerId), gte(partnerHours.hour, first), lte(partnerHours.hour, last));
  // Read on every summary: prepared once; safeIntegers keeps sums past 2^53 exact.
  const standingRow = driverOf(db).prepare(
    'select clicks, exchanges, successful, earned, turnover, paid, pending from partner_totals where partner_id = ?',
  ).safeIntegers(true);
  // A year of whole hours grouped into days by SQLite (365 rows, not 8,760), read raw;
  // safeIntegers keeps the sums exact. `offset` puts each hour in its local day (figures.ts);
  // it is bound as a bigint: a JS number binds as a REAL and the division would not truncate.
  const dayRows = driverOf(db).prepare(`select (hour + ?) / 86400, sum(clicks), sum(exchanges), sum(successful), sum(earned)
    from partner_hours where partner_id = ? and hour >= ? and hour <= ? group by 1`).raw(true).safeIntegers(true);
  return {
    async standing(partnerId: number): Promise<PartnerStanding> {
      const row = standingRow.get(partnerId) as Record<keyof PartnerStanding, bigint> | undefined;
      if (!row) return { ...NO_FIGURES, turnover: 0n, paid: 0n, pending: 0n };
      return {
        clicks: Number(row.clicks), exchanges: Number(row.exchanges), successful: Number(row.successful),
        earned: row.earned, turnover: row.turnover, paid: row.paid, pending: row.pending,
      };
    },
    async totals(partnerId: number, from: number, to: number): Promise<Figures> {
      const { hours, edges } = splitPeriod(from, to);
      let sum = NO_FIGURES;
      if (hours) {
        const [h] = db.select(hourSum).from(partnerHours).where(inHours(partnerId, hours.first, hours.last)).all();
        if (h) sum = { clicks: Number(h.clicks), exchanges: Number(h.exchanges), successful: Number(h.successful), earned: h.earned };
      }
      for (const [a, b] of edges) sum = addFigures(sum, await rows.totals(partnerId, a, b));
      return sum;
    },
    async daily(partnerId: number, spans: OffsetSpan[]): Promise<DayFigureRow[]> {
      return daysOfSpans(spans, async (first, last, offset) => (dayRows.all(BigInt(offset), partnerId, first, last) as bigint[][])
        .map(([day, clicks, exchanges, successful, earned]) => ({
          day: Number(day), clicks: Number(clicks), exchanges: Number(exchanges), successful: Number(successful), earned: earned!,
        })), (from, to) => rows.hourly(partnerId, from, to));
    },
    async byKey(partnerId: number, key: FigureKey, from: number, to: number): Promise<KeyFigures[]> {
      const c = clickKey(key);
      const e = exchangeKey(key);
      return mergeKeys(
        db.select({ key: c, clicks: countAll() }).from(clicks).where(clickWhere(partnerId, from, to)).groupBy(c).all(),
        db.select({ key: e, exchanges: countAll(), successful: successCount, earned: successRewards }).from(exchanges)
          .where(exchangeWhere(partnerId, from, to)).groupBy(e).all(),
      );
    },
  };
}
