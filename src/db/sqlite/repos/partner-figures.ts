// A partner's activity summed over time (the summary and the reports grouped by day): counted
// clicks, exchanges by their time, successful ones, and earned ledger units. Whole hours come
// from partner_hours (kept with the writes); the partial hours at a period's edges are counted
// from the rows through the (partner_id, time) indexes.
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DayFigureRow, FigureKey, FigurePeriod, Figures, HourFigures, KeyFigures, OffsetSpan, PartnerFigureRepo, PartnerFigureSummary, PartnerStanding } from '../../repos.js';
import { countAll, sumExact } from '../dialect.js';
import { countedClicksOf } from '../counted-clicks.js';
import type { Db } from '../open.js';
import { driverOf, prepareSelectFirst } from '../prepared.js';
import { clicks, exchanges, ledgerEntries, partners } from '../schema.js';
import { daysOfSpans, EARNING_KINDS, mergeHours, mergeKeys, NO_FIGURES, splitPeriod } from '../../figures.js';

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
  // A period's figures in one statement prepared once (drizzle building and SQLite compiling
  // the seven queries of a period anew were two thirds of the summary's time): its whole hours
  // from partner_hours plus the rows of its two partial edge hours (@a1..@b1, @a2..@b2; an
  // absent edge is the empty range 1..0). Literal zeros for the counted-click rule: SQLite
  // uses the partial index clicks_partner_counted_idx only when the query states it as written.
  const edge = (a: string, b: string) => ({
    clicks: `(select count(*) from clicks c where c.partner_id = @id and c.is_bot = 0 and c.is_repeat = 0 and c.time >= @${a} and c.time <= @${b})`,
    exchanges: `(select count(*) from exchanges e where e.partner_id = @id and e.time >= @${a} and e.time <= @${b})`,
    successful: `(select count(*) from exchanges e where e.partner_id = @id and e.status = 'success' and e.time >= @${a} and e.time <= @${b})`,
    earned: `(select coalesce(sum(l.amount), 0) from ledger_entries l where l.partner_id = @id and l.kind in (${EARNING_KINDS.map((k) => `'${k}'`).join(', ')})
      and l.created_at >= @${a} and l.created_at <= @${b})`,
  });
  const [e1, e2] = [edge('a1', 'b1'), edge('a2', 'b2')];
  const whole = (column: keyof typeof e1) => `coalesce(sum(h.${column}), 0) + ${e1[column]} + ${e2[column]}`;
  const periodTotals = driverOf(db).prepare(`select ${whole('clicks')}, ${whole('exchanges')}, ${whole('successful')}, ${whole('earned')}
    from partner_hours h where h.partner_id = @id and h.hour >= @first and h.hour <= @last`).raw(true).safeIntegers(true);
  // Read on every summary: prepared once; safeIntegers keeps sums past 2^53 exact.
  const standingRow = driverOf(db).prepare(
    'select clicks, exchanges, successful, earned, turnover, paid, pending from partner_totals where partner_id = ?',
  ).safeIntegers(true);
  // A year of whole hours grouped into days by SQLite (365 rows, not 8,760), read raw;
  // safeIntegers keeps the sums exact. `offset` puts each hour in its local day (figures.ts);
  // it is bound as a bigint: a JS number binds as a REAL and the division would not truncate.
  const dayRows = driverOf(db).prepare(`select (hour + ?) / 86400, sum(clicks), sum(exchanges), sum(successful), sum(earned)
    from partner_hours where partner_id = ? and hour >= ? and hour <= ? group by 1`).raw(true).safeIntegers(true);
  // A UTC report's whole days as kept (partner_days), read the same way.
  const keptDays = driverOf(db).prepare(`select day / 86400, clicks, exchanges, successful, earned
    from partner_days where partner_id = ? and day >= ? and day <= ?`).raw(true).safeIntegers(true);
  const dayFigures = (rows: bigint[][]): DayFigureRow[] => rows.map(([day, clicks, exchanges, successful, earned]) => ({
    day: Number(day), clicks: Number(clicks), exchanges: Number(exchanges), successful: Number(successful), earned: earned!,
  }));
  // group_by=link's clicks: the links the partner has counted clicks on are walked in
  // clicks_partner_link_counted_idx (one seek each: the next link_id after the last), and each
  // link's clicks of the period counted in its own range of that index, then the clicks without
  // a link. A GROUP BY of the period's rows read every click from the table and sorted them by
  // link: a second for a year of a million (BENCHMARKS.md, slow paths). The rows and their order
  // are the GROUP BY's: keys with clicks only (zeros dropped here: a filter in SQL would count
  // each link twice), in text order, null first.
  const counted = 'c.partner_id = @id and c.is_bot = 0 and c.is_repeat = 0';
  const clicksPerLink = driverOf(db).prepare(`with recursive links(id) as (
      select min(c.link_id) from clicks c where ${counted}
      union all
      select (select min(c.link_id) from clicks c where ${counted} and c.link_id > links.id) from links where links.id is not null
    )
    select cast(links.id as text), (select count(*) from clicks c where ${counted} and c.link_id = links.id and c.time >= @from and c.time <= @to)
    from links where links.id is not null
    union all
    select null, (select count(*) from clicks c where ${counted} and c.link_id is null and c.time >= @from and c.time <= @to)
    order by 1`).raw(true);
  const clicksByKey = (partnerId: number, key: FigureKey, from: number, to: number) => {
    if (key === 'link') {
      return (clicksPerLink.all({ id: partnerId, from, to }) as Array<[string | null, number]>)
        .filter(([, n]) => n > 0).map(([k, n]) => ({ key: k, clicks: n }));
    }
    const c = clickKey(key);
    return db.select({ key: c, clicks: countAll() }).from(clicks).where(clickWhere(partnerId, from, to)).groupBy(c).all();
  };
  const partnerRow = prepareSelectFirst(db, partners, db.select().from(partners).where(eq(partners.id, sql.placeholder('id'))));
  function standingOf(partnerId: number): PartnerStanding {
    const row = standingRow.get(partnerId) as Record<keyof PartnerStanding, bigint> | undefined;
    if (!row) return { ...NO_FIGURES, turnover: 0n, paid: 0n, pending: 0n };
    return {
      clicks: Number(row.clicks), exchanges: Number(row.exchanges), successful: Number(row.successful),
      earned: row.earned, turnover: row.turnover, paid: row.paid, pending: row.pending,
    };
  }
  function totalsOf(partnerId: number, from: number, to: number): Figures {
    const { hours, edges } = splitPeriod(from, to);
    const [[a1, b1], [a2, b2]] = [edges[0] ?? [1, 0], edges[1] ?? [1, 0]];
    const [clicks, exchanges, successful, earned] = periodTotals.get({ id: partnerId, first: hours?.first ?? 1, last: hours?.last ?? 0, a1, b1, a2, b2 }) as bigint[];
    return { clicks: Number(clicks), exchanges: Number(exchanges), successful: Number(successful), earned: earned! };
  }
  return {
    standing: async (partnerId: number) => standingOf(partnerId),
    totals: async (partnerId: number, from: number, to: number) => totalsOf(partnerId, from, to),
    async summary(partnerId: number, [[from1, to1], [from2, to2]]: [FigurePeriod, FigurePeriod]): Promise<PartnerFigureSummary | null> {
      const partner = partnerRow({ id: partnerId });
      if (!partner) return null;
      return { partner, standing: standingOf(partnerId), totals: [totalsOf(partnerId, from1, to1), totalsOf(partnerId, from2, to2)] };
    },
    async daily(partnerId: number, spans: OffsetSpan[]): Promise<DayFigureRow[]> {
      return daysOfSpans(spans, {
        wholeDays: async (first, last) => dayFigures(keptDays.all(partnerId, first, last) as bigint[][]),
        wholeHours: async (first, last, offset) => dayFigures(dayRows.all(BigInt(offset), partnerId, first, last) as bigint[][]),
        edgeHours: (from, to) => rows.hourly(partnerId, from, to),
      });
    },
    async byKey(partnerId: number, key: FigureKey, from: number, to: number): Promise<KeyFigures[]> {
      const e = exchangeKey(key);
      return mergeKeys(
        clicksByKey(partnerId, key, from, to),
        db.select({ key: e, exchanges: countAll(), successful: successCount, earned: successRewards }).from(exchanges)
          .where(exchangeWhere(partnerId, from, to)).groupBy(e).all(),
      );
    },
  };
}
