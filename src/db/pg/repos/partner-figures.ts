// A partner's activity summed over time (the summary and the reports grouped by day): counted
// clicks, exchanges by their time, successful ones, and earned ledger units. Whole hours come
// from partner_hours (kept with the writes); the partial hours at a period's edges are counted
// from the rows through the (partner_id, time) indexes.
import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DayFigureRow, FigureKey, FigurePeriod, Figures, HourFigures, KeyFigures, OffsetSpan, PartnerFigureRepo, PartnerFigureSummary, PartnerStanding } from '../../repos.js';
import { countAll, sumExact } from '../dialect.js';
import type { PgDb } from '../open.js';
import { clicks, exchanges, ledgerEntries, partnerDays, partnerHours, partners, partnerTotals } from '../schema.js';
import { daysOfSpans, EARNING_KINDS, mergeHours, mergeKeys, NO_FIGURES, periodParts } from '../../figures.js';
import { countedClicksOf } from '../counted-clicks.js';

const hourOf = (time: PgColumn) => sql<number>`(${time} / 3600) * 3600`.mapWith(Number);
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

export function createPartnerFigureRepo(db: PgDb): PartnerFigureRepo {
  // group_by=link's clicks, as on SQLite: the partner's links walked in
  // clicks_partner_link_counted_idx (one seek each) and each link's clicks of the period counted
  // in its range of that index (index-only), then the clicks without a link. The GROUP BY of the
  // period's rows read every click of the year from the table (BENCHMARKS.md, slow paths).
  // Zeros are dropped here, as the GROUP BY had no row for them.
  async function clicksPerLink(partnerId: number, from: number, to: number) {
    const counted = sql`c.partner_id = ${partnerId} and c.is_bot = false and c.is_repeat = false`;
    const { rows } = await db.execute<{ key: string | null; clicks: string }>(sql`with recursive links(id) as (
        select min(c.link_id) from clicks c where ${counted}
        union all
        select (select min(c.link_id) from clicks c where ${counted} and c.link_id > links.id) from links where links.id is not null
      )
      select cast(links.id as text) as key, (select count(*) from clicks c where ${counted} and c.link_id = links.id and c.time >= ${from} and c.time <= ${to}) as clicks
      from links where links.id is not null
      union all
      select null, (select count(*) from clicks c where ${counted} and c.link_id is null and c.time >= ${from} and c.time <= ${to})
      order by 1`);
    return rows.map((r) => ({ key: r.key, clicks: Number(r.clicks) })).filter((r) => r.clicks > 0);
  }
  const clicksByKey = (partnerId: number, key: FigureKey, from: number, to: number) => {
    if (key === 'link') return clicksPerLink(partnerId, from, to);
    const c = clickKey(key);
    return db.select({ key: c, clicks: countAll() }).from(clicks).where(clickWhere(partnerId, from, to)).groupBy(c);
  };
  const clickWhere = (partnerId: number, from: number, to: number) =>
    and(eq(clicks.partnerId, partnerId), eq(clicks.isBot, false), eq(clicks.isRepeat, false), gte(clicks.time, from), lte(clicks.time, to));
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
        await         db.select({ hour: clickHour, clicks: countAll() }).from(clicks).where(clickWhere(partnerId, from, to)).groupBy(clickHour),
        await db.select({ hour: exchangeHour, exchanges: countAll(), successful: successCount }).from(exchanges)
          .where(exchangeWhere(partnerId, from, to)).groupBy(exchangeHour),
        await db.select({ hour: ledgerHour, earned: sumExact(ledgerEntries.amount) }).from(ledgerEntries)
          .where(ledgerWhere(partnerId, from, to)).groupBy(ledgerHour),
      );
    },
  };
  // A year of whole hours grouped into days by PostgreSQL: 365 rows cross the wire, not 8,760.
  // `offset` puts each hour in its local day (figures.ts); prepared once per connection.
  const dayOf = sql<number>`(${partnerHours.hour} + ${sql.placeholder('offset')}) / 86400`.mapWith(Number);
  const count = (column: PgColumn) => sql<number>`sum(${column})::bigint`.mapWith(Number);
  const dayRows = db.select({
    day: dayOf, clicks: count(partnerHours.clicks), exchanges: count(partnerHours.exchanges),
    successful: count(partnerHours.successful), earned: sumExact(partnerHours.earned),
  }).from(partnerHours).where(and(eq(partnerHours.partnerId, sql.placeholder('id')),
    gte(partnerHours.hour, sql.placeholder('first')), lte(partnerHours.hour, sql.placeholder('last'))))
    .groupBy(sql`1`).prepare('partner_hours_by_day');
  // A UTC report's whole days as kept (partner_days).
  const keptDays = db.select({
    day: sql<number>`${partnerDays.day} / 86400`.mapWith(Number), clicks: partnerDays.clicks, exchanges: partnerDays.exchanges,
    successful: partnerDays.successful, earned: partnerDays.earned,
  }).from(partnerDays).where(and(eq(partnerDays.partnerId, sql.placeholder('id')),
    gte(partnerDays.day, sql.placeholder('first')), lte(partnerDays.day, sql.placeholder('last')))).prepare('partner_days');
  // A period's figures are read in its cheapest parts (figures.ts periodParts): whole UTC days
  // from partner_days, the whole hours of its partial days from partner_hours, its partial hours
  // from the rows. Each part's ranges are a VALUES list joined to the (partner, time) index and
  // tagged with their period `k`: the planner cannot see the bounds, so every call has the same
  // plan and PostgreSQL keeps one generic plan per connection. (With the bounds in the WHERE
  // clause it planned every call anew: ~1 ms of the ~2 ms the server spent on a summary. open.ts
  // turns JIT off, which compiled the generic plan's pessimistic estimates for 400 ms.)
  const ph = (name: string) => sql.placeholder(name);
  const within = (column: PgColumn) => sql`${column} >= r.a and ${column} <= r.b`;
  const inPeriod = (k: number, also?: SQL) => sql`r.k = ${sql.raw(String(k))}${also ? sql` and ${also}` : sql``}`;
  const sumOf = (value: PgColumn, k: number) => sql<string>`coalesce(sum(${value}) filter (where ${inPeriod(k)}), 0)`;
  const countOf = (k: number, also?: SQL) => sql<string>`count(*) filter (where ${inPeriod(k, also)})`;
  const success = sql`${exchanges.status} = 'success'`;
  type Figure = 'clicks' | 'exchanges' | 'successful' | 'earned';
  const FIGURES: Figure[] = ['clicks', 'exchanges', 'successful', 'earned'];
  /** The figures of periods 1..`periods` as text sums, from five one-row subqueries to join `on true`. */
  const periodSums = (periods: number) => {
    const K = Array.from({ length: periods }, (_, i) => i + 1);
    const ranges = (part: string, perPeriod: number) => sql`(values ${sql.join(K.flatMap((k) => Array.from({ length: perPeriod },
      (_, i) => sql`(${ph(`${part}${k}${i}a`)}::bigint, ${ph(`${part}${k}${i}b`)}::bigint, ${sql.raw(String(k))})`)), sql`, `)}) as r(a, b, k)`;
    // One column per figure and period, e.g. d_clicks1.
    const columns = (alias: string, figures: Partial<Record<Figure, (k: number) => SQL>>) => Object.fromEntries(Object.entries(figures)
      .flatMap(([figure, of]) => K.map((k) => [`${figure}${k}`, of(k).as(`${alias}_${figure}${k}`)])));
    const kept = (alias: string, perPeriod: number, table: typeof partnerDays | typeof partnerHours, time: PgColumn) =>
      db.select(columns(alias, Object.fromEntries(FIGURES.map((figure) => [figure, (k: number) => sumOf(table[figure], k)]))))
        .from(ranges(alias, perPeriod)).innerJoin(table, and(eq(table.partnerId, ph('id')), within(time))).as(alias);
    const d = kept('d', 1, partnerDays, partnerDays.day);
    const h = kept('h', 2, partnerHours, partnerHours.hour);
    const c = db.select(columns('c', { clicks: (k) => countOf(k) })).from(ranges('r', 2))
      .innerJoin(clicks, and(countedClicksOf(ph('id')), within(clicks.time))).as('c');
    const e = db.select(columns('e', { exchanges: (k) => countOf(k), successful: (k) => countOf(k, success) })).from(ranges('r', 2))
      .innerJoin(exchanges, and(eq(exchanges.partnerId, ph('id')), within(exchanges.time))).as('e');
    const l = db.select(columns('l', { earned: (k) => sumOf(ledgerEntries.amount, k) })).from(ranges('r', 2))
      .innerJoin(ledgerEntries, and(eq(ledgerEntries.partnerId, ph('id')), inArray(ledgerEntries.kind, [...EARNING_KINDS]), within(ledgerEntries.createdAt))).as('l');
    const plus = (name: string, ...parts: Record<string, unknown>[]) => sql<string>`(${sql.join(parts.map((part) => part[name] as SQL.Aliased), sql` + `)})::text`;
    const figures = (k: number) => ({
      clicks: plus(`clicks${k}`, d, h, c), exchanges: plus(`exchanges${k}`, d, h, e),
      successful: plus(`successful${k}`, d, h, e), earned: plus(`earned${k}`, d, h, l),
    });
    return { d, h, c, e, l, figures };
  };
  /** The placeholders of period k: its parts, each padded to its fixed count with the empty range 1..0. */
  const partValues = (k: number, from: number, to: number) => {
    const { days, hours, rows } = periodParts(from, to);
    const values: Record<string, number> = {};
    const put = (part: string, list: [number, number][], perPeriod: number) => {
      for (let i = 0; i < perPeriod; i++) [values[`${part}${k}${i}a`], values[`${part}${k}${i}b`]] = list[i] ?? [1, 0];
    };
    put('d', days ? [days] : [], 1);
    put('h', hours, 2);
    put('r', rows, 2);
    return values;
  };
  const onTrue = sql`true`;
  const one = periodSums(1);
  const periodTotals = db.select(one.figures(1)).from(one.d)
    .innerJoin(one.h, onTrue).innerJoin(one.c, onTrue).innerJoin(one.e, onTrue).innerJoin(one.l, onTrue).prepare('partner_period_totals');
  // The whole summary in one statement: the partner, its totals row, and two periods (the
  // summary's period, and whatever is dated after now).
  const two = periodSums(2);
  const summaryRow = db.select({ partner: partners, standing: partnerTotals, p1: two.figures(1), p2: two.figures(2) })
    .from(partners).leftJoin(partnerTotals, eq(partnerTotals.partnerId, partners.id))
    .innerJoin(two.d, onTrue).innerJoin(two.h, onTrue).innerJoin(two.c, onTrue).innerJoin(two.e, onTrue).innerJoin(two.l, onTrue)
    .where(eq(partners.id, ph('id'))).prepare('partner_summary');
  // Read from a subquery, the sums come back as text: mapped here whatever drizzle did.
  const figuresOf = (row: { clicks: unknown; exchanges: unknown; successful: unknown; earned: unknown }): Figures => ({
    clicks: Number(row.clicks), exchanges: Number(row.exchanges), successful: Number(row.successful), earned: BigInt(row.earned as string),
  });
  const standingRow = db.select().from(partnerTotals).where(eq(partnerTotals.partnerId, sql.placeholder('id'))).prepare('partner_standing');
  return {
    async standing(partnerId: number): Promise<PartnerStanding> {
      const [row] = await standingRow.execute({ id: partnerId });
      if (!row) return { ...NO_FIGURES, turnover: 0n, paid: 0n, pending: 0n };
      const { partnerId: _, ...standing } = row;
      return standing;
    },
    async totals(partnerId: number, from: number, to: number): Promise<Figures> {
      // An absent part is an empty range (1 > 0): always the same statement.
      const [row] = await periodTotals.execute({ id: partnerId, ...partValues(1, from, to) });
      return row ? figuresOf(row) : NO_FIGURES;
    },
    async summary(partnerId: number, [[from1, to1], [from2, to2]]: [FigurePeriod, FigurePeriod]): Promise<PartnerFigureSummary | null> {
      const [row] = await summaryRow.execute({ id: partnerId, ...partValues(1, from1, to1), ...partValues(2, from2, to2) });
      if (!row) return null;
      const { partnerId: _, ...standing } = row.standing ?? { partnerId, ...NO_FIGURES, turnover: 0n, paid: 0n, pending: 0n };
      return { partner: row.partner, standing, totals: [figuresOf(row.p1), figuresOf(row.p2)] };
    },
    async daily(partnerId: number, spans: OffsetSpan[]): Promise<DayFigureRow[]> {
      return daysOfSpans(spans, {
        wholeDays: (first, last) => keptDays.execute({ id: partnerId, first, last }),
        wholeHours: (first, last, offset) => dayRows.execute({ id: partnerId, first, last, offset }),
        edgeHours: (from, to) => rows.hourly(partnerId, from, to),
      });
    },
    async byKey(partnerId: number, key: FigureKey, from: number, to: number): Promise<KeyFigures[]> {
      const e = exchangeKey(key);
      return mergeKeys(
        await clicksByKey(partnerId, key, from, to),
        await db.select({ key: e, exchanges: countAll(), successful: successCount, earned: successRewards }).from(exchanges)
          .where(exchangeWhere(partnerId, from, to)).groupBy(e),
      );
    },
  };
}
