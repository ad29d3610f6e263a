// What a partner reads about itself through the partner API: its counted clicks, its
// exchanges and its payouts, newest first, a page at a time. Each query walks one of the
// (partner_id, time) indexes backwards, through statements prepared once; SQLite appends the rowid to every index, so the
// `id DESC` tie-break is served by the same index (no sort step, see the EXPLAIN test).
import { and, desc, eq, getTableColumns, getTableName, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type {
  ClickReportQuery, KeyWithPartner, PartnerReportRepo, PayoutRow, ReportClickRow, ReportExchangeRow, ReportQuery, SeedClick, SeedExchange,
} from '../../repos.js';
import type { Db } from '../open.js';
import { seedExchangeValues, subIdsOf } from '../../seed-rows.js';
import { pageParams, periodAndCursor, type PageParams } from '../../filters.js';
import { afterSkipping, DEEP_OFFSET, SKIP_DAYS, skipBounds, type SkipUnit } from '../../deep-offset.js';
import { apiKeys, clicks, exchanges, partnerDays, partnerHours, partners, payouts } from '../schema.js';
import { driverOf, prepareRead } from '../prepared.js';
import { partnerVisibleIp } from '../../../partner-ip.js';
import { countedClicksOf } from '../counted-clicks.js';
import { HourDeltas } from '../../figures.js';
import { addToHours } from '../partner-hours.js';
import { addToTotals } from '../partner-totals.js';
import { TotalsDeltas } from '../../totals.js';

const p = (name: string) => sql.placeholder(name);

const clickColumns = {
  id: clicks.id, time: clicks.time, browser: clicks.browser, ip: clicks.ip,
  referrer: clicks.referrer, userHash: clicks.userHash, queryString: clicks.queryString,
  sub1: clicks.sub1, sub2: clicks.sub2, sub3: clicks.sub3, sub4: clicks.sub4, sub5: clicks.sub5,
};

// Only what the reports render: each column read is a value the driver makes (~0.1 µs each).
const exchangeColumns = {
  id: exchanges.id, time: exchanges.time, status: exchanges.status, curGive: exchanges.curGive, curGet: exchanges.curGet,
  amountGive: exchanges.amountGive, amountGet: exchanges.amountGet, courseGive: exchanges.courseGive, courseGet: exchanges.courseGet,
  reward: exchanges.reward, userHash: exchanges.userHash,
  sub1: exchanges.sub1, sub2: exchanges.sub2, sub3: exchanges.sub3, sub4: exchanges.sub4, sub5: exchanges.sub5,
};

/** (time, id) < (beforeTime, beforeId), given time <= beforeTime already. */
const olderThan = (time: SQLiteColumn, id: SQLiteColumn) => or(lt(time, p('beforeTime')), lt(id, p('beforeId')));

/**
 * A deep page's newest whole hours and days skipped by their counts (src/db/deep-offset.ts):
 * the head hour's rows counted in the page's own index, then partner_hours and partner_days.
 */
function prepareSkip(db: Db, figure: 'clicks' | 'exchanges', ofPartner: SQL, rows: typeof clicks | typeof exchanges) {
  const head = db.select({ rows: sql<number>`count(*)` }).from(rows)
    .where(and(ofPartner, gte(rows.time, p('from')), lte(rows.time, p('to')), olderThan(rows.time, rows.id))).prepare();
  const hours = db.select({ start: partnerHours.hour, rows: partnerHours[figure] }).from(partnerHours)
    .where(and(eq(partnerHours.partnerId, p('partnerId')), gte(partnerHours.hour, p('from')), lt(partnerHours.hour, p('below')))).prepare();
  const days = db.select({ start: partnerDays.day, rows: partnerDays[figure] }).from(partnerDays)
    .where(and(eq(partnerDays.partnerId, p('partnerId')), gte(partnerDays.day, p('from')), lt(partnerDays.day, p('below'))))
    .orderBy(desc(partnerDays.day)).limit(SKIP_DAYS).prepare();
  return (page: PageParams): PageParams => {
    if (page.offset < DEEP_OFFSET) return page;
    const bounds = skipBounds(page);
    const { partnerId } = page;
    return afterSkipping(page, {
      head: head.get({ ...page, ...bounds.head })!.rows,
      hours: hours.all({ partnerId, ...bounds.hours }) as SkipUnit[],
      days: days.all({ partnerId, ...bounds.days }) as SkipUnit[],
    });
  };
}

/** The address as the partner sees it (its network unless full), so a filter reveals no more. */
const partnerIp = (ip: SQL | typeof clicks.ip, full: boolean) => sql`partner_ip(${ip}, ${full ? 1 : 0})`;

export function createPartnerReportRepo(db: Db): PartnerReportRepo {
  driverOf(db).function('partner_ip', { deterministic: true }, (ip: unknown, full: unknown) => partnerVisibleIp(String(ip ?? ''), full === 1));
  const keyByPrefix = db.select({ key: apiKeys, partner: partners }).from(apiKeys)
    .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
    .where(eq(apiKeys.prefix, p('prefix'))).prepare();
  // A page in two steps: its ids from the partial index of counted clicks alone (a covering
  // index, so a deep offset skips index entries only), then its rows. Asked for every column in
  // one step, SQLite 3.53 picks clicks_partner_time_idx on a 10M-click ledger and reads each
  // skipped row to test the bot and repeat flags: 77 ms for offset 10,000 (BENCHMARKS.md, issue 13).
  const clickIds = db.select({ id: clicks.id }).from(clicks)
    .where(and(countedClicksOf(p('partnerId')), gte(clicks.time, p('from')), lte(clicks.time, p('to')), olderThan(clicks.time, clicks.id)))
    .orderBy(desc(clicks.time), desc(clicks.id)).limit(p('limit')).offset(p('offset'));
  // Both pages are read raw (src/db/sqlite/prepared.ts): rows are what the API renders, each of them.
  const clickPage = prepareRead<ReportClickRow>(db, db.select(clickColumns).from(clicks).where(inArray(clicks.id, clickIds))
    .orderBy(desc(clicks.time), desc(clicks.id)), clickColumns);
  const exchangePage = prepareRead<ReportExchangeRow>(db, db.select(exchangeColumns).from(exchanges)
    .where(and(eq(exchanges.partnerId, p('partnerId')), gte(exchanges.time, p('from')), lte(exchanges.time, p('to')),
      olderThan(exchanges.time, exchanges.id)))
    .orderBy(desc(exchanges.time), desc(exchanges.id)).limit(p('limit')).offset(p('offset')), exchangeColumns);
  const payoutPage = db.select().from(payouts)
    .where(and(eq(payouts.partnerId, p('partnerId')), gte(payouts.createdAt, p('from')), lte(payouts.createdAt, p('to')),
      olderThan(payouts.createdAt, payouts.id)))
    .orderBy(desc(payouts.createdAt), desc(payouts.id)).limit(p('limit')).offset(p('offset')).prepare();
  const deepClicks = prepareSkip(db, 'clicks', countedClicksOf(p('partnerId')), clicks);
  const deepExchanges = prepareSkip(db, 'exchanges', eq(exchanges.partnerId, p('partnerId')), exchanges);

  return {
    /** An API key (revoked or not) and its partner, in one indexed lookup per request. */
    async findKeyWithPartner(prefix: string): Promise<KeyWithPartner | null> {
      return keyByPrefix.get({ prefix }) ?? null;
    },
    async listClicks(partnerId: number, q: ClickReportQuery): Promise<ReportClickRow[]> {
      if (q.linkId === undefined && q.ip === undefined) return clickPage(deepClicks(pageParams(partnerId, q)));
      // Narrowed pages are rarer: built per call rather than prepared.
      return db.select(clickColumns).from(clicks)
        .where(and(countedClicksOf(partnerId), ...periodAndCursor(clicks.time, clicks.id, q),
          q.linkId === undefined ? undefined : eq(clicks.linkId, q.linkId),
          q.ip === undefined ? undefined : sql`${partnerIp(clicks.ip, q.ip.full)} = ${q.ip.network}`))
        .orderBy(desc(clicks.time), desc(clicks.id)).limit(q.limit).offset(q.offset).all();
    },
    /** With `ip`: exchanges whose attributed click came from that network. */
    async listExchanges(partnerId: number, q: ReportQuery): Promise<ReportExchangeRow[]> {
      if (!q.ip) return exchangePage(deepExchanges(pageParams(partnerId, q)));
      const fromNetwork = db.select({ id: clicks.id }).from(clicks)
        .where(and(eq(clicks.partnerId, partnerId), sql`${partnerIp(clicks.ip, q.ip.full)} = ${q.ip.network}`));
      return db.select(exchangeColumns).from(exchanges)
        .where(and(eq(exchanges.partnerId, partnerId), ...periodAndCursor(exchanges.time, exchanges.id, q), inArray(exchanges.clickId, fromNetwork)))
        .orderBy(desc(exchanges.time), desc(exchanges.id)).limit(q.limit).offset(q.offset).all();
    },
    /** Payouts by request time (created_at). */
    async listPayouts(partnerId: number, q: ReportQuery): Promise<PayoutRow[]> {
      return payoutPage.all(pageParams(partnerId, q));
    },
    /** The partner's own payout, or null (also when it belongs to someone else). */
    async findPayout(partnerId: number, payoutId: number): Promise<PayoutRow | null> {
      return db.select().from(payouts)
        .where(and(eq(payouts.id, payoutId), eq(payouts.partnerId, partnerId))).get() ?? null;
    },
    /**
     * Bulk loading for benchmarks and fixtures: one transaction, one prepared statement per
     * table, rows pulled lazily from the iterables so a million rows never sit in memory.
     */
    async bulkInsert(rows: { clicks?: Iterable<SeedClick>; exchanges?: Iterable<SeedExchange> }): Promise<{ clicks: number; exchanges: number }> {
      const insertClick = prepareInsert(db, clicks, CLICK_COLUMNS);
      const insertExchange = prepareInsert(db, exchanges, EXCHANGE_COLUMNS);
      return db.transaction(() => {
        let clickCount = 0;
        let exchangeCount = 0;
        // The hourly figures take the loaded rows in the same transaction (src/db/figures.ts).
        const deltas = new HourDeltas();
        const turnover = new TotalsDeltas();
        for (const row of rows.clicks ?? []) {
          insertClick.run(clickParams(row));
          clickCount++;
          if (!row.isBot && !row.isRepeat) deltas.add(row.partnerId, row.time, { clicks: 1 });
        }
        for (const row of rows.exchanges ?? []) {
          const values = seedExchangeValues(row);
          insertExchange.run(values);
          exchangeCount++;
          turnover.moveTurnover(null, values);
          deltas.moveExchange(null, { partnerId: row.partnerId ?? null, time: row.time, status: row.status });
        }
        addToHours(db, deltas.list());
        addToTotals(db, turnover.list());
        return { clicks: clickCount, exchanges: exchangeCount };
      });
    },
  };
}

// Placeholders bypass column defaults, so the bulk loader spells every column out.
const CLICK_COLUMNS = ['time', 'partnerId', 'linkId', 'ip', 'browser', 'userAgent', 'referrer', 'userHash',
  'queryString', 'curFrom', 'curTo', 'isBot', 'isRepeat', 'sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;
const EXCHANGE_COLUMNS = ['externalId', 'partnerId', 'clickId', 'userHash', 'refCode', 'time', 'curGive', 'curGet',
  'amountGive', 'amountGet', 'courseGive', 'courseGet', 'status', 'rewardBase', 'rewardPercent', 'reward', 'flag',
  'createdAt', 'updatedAt', 'linkId', 'sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;

/**
 * A plain better-sqlite3 INSERT with named parameters, its column names taken from the
 * drizzle schema: drizzle's per-call parameter mapping would triple the time of a million rows.
 */
function prepareInsert(db: Db, table: typeof clicks | typeof exchanges, fields: readonly string[]) {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const names = fields.map((field) => `"${columns[field].name}"`).join(', ');
  const values = fields.map((field) => `@${field}`).join(', ');
  return driverOf(db).prepare(`INSERT INTO "${getTableName(table)}" (${names}) VALUES (${values})`);
}

function clickParams(row: SeedClick) {
  return {
    time: row.time, partnerId: row.partnerId ?? null, linkId: row.linkId ?? null, ip: row.ip ?? '',
    browser: row.browser ?? 'Unknown', userAgent: row.userAgent ?? '', referrer: row.referrer ?? '',
    userHash: row.userHash, queryString: row.queryString ?? '', curFrom: row.curFrom ?? null, curTo: row.curTo ?? null,
    isBot: row.isBot ? 1 : 0, isRepeat: row.isRepeat ? 1 : 0, ...subIdsOf(row),
  };
}
