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
import { daysOfSpans, EARNING_KINDS, mergeHours, mergeKeys, NO_FIGURES, splitPeriod } from '../../figures.js';

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
  // A period's figures in one prepared statement (one round trip, planned once per connection):
  // its whole hours from partner_hours plus the rows of its two partial edge hours. Run by the
  // summary twice per request (the period, and whatever is dated after now); four statements
  // each cost ~14 ms under load where the server spent well under 1 ms.
  const edgeRows = (a: string, b: string) => ({
    clicks: sql`(select count(*) from ${clicks} where ${clicks.partnerId} = ${sql.placeholder('id')} and ${clicks.isBot} = false
      and ${clicks.isRepeat} = false and ${clicks.time} >= ${sql.placeholder(a)} and ${clicks.time} <= ${sql.placeholder(b)})`,
    exchanges: sql`(select count(*) from ${exchanges} where ${exchanges.partnerId} = ${sql.placeholder('id')}
      and ${exchanges.time} >= ${sql.placeholder(a)} and ${exchanges.time} <= ${sql.placeholder(b)})`,
    successful: sql`(select count(*) from ${exchanges} where ${exchanges.partnerId} = ${sql.placeholder('id')} and ${exchanges.status} = 'success'
      and ${exchanges.time} >= ${sql.placeholder(a)} and ${exchanges.time} <= ${sql.placeholder(b)})`,
    earned: sql`(select coalesce(sum(${ledgerEntries.amount}), 0) from ${ledgerEntries} where ${ledgerEntries.partnerId} = ${sql.placeholder('id')}
      and ${ledgerEntries.kind} in (${sql.join(EARNING_KINDS.map((kind) => sql`${kind}`), sql`, `)})
      and ${ledgerEntries.createdAt} >= ${sql.placeholder(a)} and ${ledgerEntries.createdAt} <= ${sql.placeholder(b)})`,
  });
  // A period whose placeholders end in `n` (periodValues).
  const periodSelect = (n: string) => {
    const [e1, e2] = [edgeRows(`a${n}1`, `b${n}1`), edgeRows(`a${n}2`, `b${n}2`)];
    const whole = (column: PgColumn, e: 'clicks' | 'exchanges' | 'successful' | 'earned') =>
      sql<string>`(coalesce(sum(${column}), 0) + ${e1[e]} + ${e2[e]})::text`;
    return db.select({
      clicks: whole(partnerHours.clicks, 'clicks').mapWith(Number), exchanges: whole(partnerHours.exchanges, 'exchanges').mapWith(Number),
      successful: whole(partnerHours.successful, 'successful').mapWith(Number), earned: whole(partnerHours.earned, 'earned').mapWith(BigInt),
    }).from(partnerHours).where(and(eq(partnerHours.partnerId, sql.placeholder('id')),
      gte(partnerHours.hour, sql.placeholder(`first${n}`)), lte(partnerHours.hour, sql.placeholder(`last${n}`))));
  };
  const periodTotals = periodSelect('').prepare('partner_period_totals');
  // The whole summary in one statement: the partner, its totals row, and two periods (the
  // summary's four statements cost a round trip each, ~0.6 ms+ under load). PostgreSQL plans it
  // anew on every call (a custom plan: a generic one is estimated dearer), so it reads each
  // table once: the hours of both periods in one scan, the rows of their four partial edge
  // hours in one scan per table, each figure summed with a FILTER. (Written as two periods of
  // seven subqueries each, planning alone took 1.1 ms of the 1.7 ms the server spent.)
  const ph = (name: string) => sql.placeholder(name);
  const inRange = (column: PgColumn, a: string, b: string) => sql`(${column} >= ${ph(a)} and ${column} <= ${ph(b)})`;
  const inEdges = (column: PgColumn, n: string) => sql`(${inRange(column, `a${n}1`, `b${n}1`)} or ${inRange(column, `a${n}2`, `b${n}2`)})`;
  const anyEdge = (column: PgColumn) => sql`(${inEdges(column, '1')} or ${inEdges(column, '2')})`;
  const total = (value: SQL, where: SQL) => sql`coalesce(sum(${value}) filter (where ${where}), 0)`;
  const counted = (where: SQL) => sql`count(*) filter (where ${where})`;
  const inHours = (n: string) => inRange(partnerHours.hour, `first${n}`, `last${n}`);
  const h = db.select({
    c1: total(sql`${partnerHours.clicks}`, inHours('1')).as('h_c1'), c2: total(sql`${partnerHours.clicks}`, inHours('2')).as('h_c2'),
    e1: total(sql`${partnerHours.exchanges}`, inHours('1')).as('h_e1'), e2: total(sql`${partnerHours.exchanges}`, inHours('2')).as('h_e2'),
    s1: total(sql`${partnerHours.successful}`, inHours('1')).as('h_s1'), s2: total(sql`${partnerHours.successful}`, inHours('2')).as('h_s2'),
    m1: total(sql`${partnerHours.earned}`, inHours('1')).as('h_m1'), m2: total(sql`${partnerHours.earned}`, inHours('2')).as('h_m2'),
  }).from(partnerHours).where(and(eq(partnerHours.partnerId, ph('id')), sql`(${inHours('1')} or ${inHours('2')})`)).as('h');
  const c = db.select({ c1: counted(inEdges(clicks.time, '1')).as('c_c1'), c2: counted(inEdges(clicks.time, '2')).as('c_c2') })
    .from(clicks).where(and(eq(clicks.partnerId, ph('id')), eq(clicks.isBot, false), eq(clicks.isRepeat, false), anyEdge(clicks.time))).as('c');
  const success = sql`${exchanges.status} = 'success'`;
  const e = db.select({
    e1: counted(inEdges(exchanges.time, '1')).as('e_e1'), e2: counted(inEdges(exchanges.time, '2')).as('e_e2'),
    s1: counted(sql`${success} and ${inEdges(exchanges.time, '1')}`).as('e_s1'), s2: counted(sql`${success} and ${inEdges(exchanges.time, '2')}`).as('e_s2'),
  }).from(exchanges).where(and(eq(exchanges.partnerId, ph('id')), anyEdge(exchanges.time))).as('e');
  const l = db.select({
    m1: total(sql`${ledgerEntries.amount}`, inEdges(ledgerEntries.createdAt, '1')).as('l_m1'), m2: total(sql`${ledgerEntries.amount}`, inEdges(ledgerEntries.createdAt, '2')).as('l_m2'),
  }).from(ledgerEntries).where(and(eq(ledgerEntries.partnerId, ph('id')), inArray(ledgerEntries.kind, [...EARNING_KINDS]), anyEdge(ledgerEntries.createdAt))).as('l');
  const plus = (a: SQL.Aliased, b: SQL.Aliased) => sql<string>`(${a} + ${b})::text`;
  const summaryRow = db.select({
    partner: partners, standing: partnerTotals,
    p1: { clicks: plus(h.c1, c.c1), exchanges: plus(h.e1, e.e1), successful: plus(h.s1, e.s1), earned: plus(h.m1, l.m1) },
    p2: { clicks: plus(h.c2, c.c2), exchanges: plus(h.e2, e.e2), successful: plus(h.s2, e.s2), earned: plus(h.m2, l.m2) },
  }).from(partners).leftJoin(partnerTotals, eq(partnerTotals.partnerId, partners.id))
    .innerJoin(h, sql`true`).innerJoin(c, sql`true`).innerJoin(e, sql`true`).innerJoin(l, sql`true`)
    .where(eq(partners.id, ph('id'))).prepare('partner_summary');
  /** The placeholders of one period ('' / '1' / '2'): whole hours and the two partial edges (an absent part is the empty range 1..0). */
  const periodValues = (n: string, from: number, to: number) => {
    const { hours, edges } = splitPeriod(from, to);
    const [[a1, b1], [a2, b2]] = [edges[0] ?? [1, 0], edges[1] ?? [1, 0]];
    return { [`first${n}`]: hours?.first ?? 1, [`last${n}`]: hours?.last ?? 0, [`a${n}1`]: a1, [`b${n}1`]: b1, [`a${n}2`]: a2, [`b${n}2`]: b2 };
  };
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
      const [row] = await periodTotals.execute({ id: partnerId, ...periodValues('', from, to) });
      return row ?? NO_FIGURES;
    },
    async summary(partnerId: number, [[from1, to1], [from2, to2]]: [FigurePeriod, FigurePeriod]): Promise<PartnerFigureSummary | null> {
      const [row] = await summaryRow.execute({ id: partnerId, ...periodValues('1', from1, to1), ...periodValues('2', from2, to2) });
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
      const c = clickKey(key);
      const e = exchangeKey(key);
      return mergeKeys(
        await db.select({ key: c, clicks: countAll() }).from(clicks).where(clickWhere(partnerId, from, to)).groupBy(c),
        await db.select({ key: e, exchanges: countAll(), successful: successCount, earned: successRewards }).from(exchanges)
          .where(exchangeWhere(partnerId, from, to)).groupBy(e),
      );
    },
  };
}
