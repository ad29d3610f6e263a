// What a partner reads about itself through the partner API, newest first, a page at a time:
// each query walks one of the (partner_id, time, id) indexes backwards.
import { and, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type {
  ClickReportQuery, KeyWithPartner, PartnerReportRepo, PayoutRow, ReportClickRow, ReportExchangeRow, ReportQuery, SeedClick, SeedExchange,
} from '../../repos.js';
import { first } from '../dialect.js';
import { preparePgRead } from '../prepared.js';
import type { PgDb } from '../open.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { countedClicksOf } from '../counted-clicks.js';
import { seedExchangeValues, subIdsOf } from '../../seed-rows.js';
import { pageParams, periodAndCursor, type PageParams } from '../../filters.js';
import { afterSkipping, DEEP_OFFSET, SKIP_DAYS, skipBounds, type SkipUnit } from '../../deep-offset.js';
import { apiKeys, clicks, exchanges, partnerDays, partnerHours, partners, payouts } from '../schema.js';
import { HourDeltas } from '../../figures.js';
import { addToHours, addToTotals, writeTransaction } from '../figure-writes.js';
import { TotalsDeltas } from '../../totals.js';

const CHUNK = 1000;

const clickColumns = {
  id: clicks.id, time: clicks.time, browser: clicks.browser, ip: clicks.ip,
  referrer: clicks.referrer, userHash: clicks.userHash, queryString: clicks.queryString,
  sub1: clicks.sub1, sub2: clicks.sub2, sub3: clicks.sub3, sub4: clicks.sub4, sub5: clicks.sub5,
};

// Only what the reports render (as in src/db/sqlite/repos/partner-reports.ts).
const exchangeColumns = {
  id: exchanges.id, time: exchanges.time, status: exchanges.status, curGive: exchanges.curGive, curGet: exchanges.curGet,
  amountGive: exchanges.amountGive, amountGet: exchanges.amountGet, courseGive: exchanges.courseGive, courseGet: exchanges.courseGet,
  reward: exchanges.reward, userHash: exchanges.userHash,
  sub1: exchanges.sub1, sub2: exchanges.sub2, sub3: exchanges.sub3, sub4: exchanges.sub4, sub5: exchanges.sub5,
};

// The texts PostgreSQL's inet surely reads: IPv4, or IPv6 in full or with "::", with an IPv4
// tail or not. A click's address is what the request carried (empty when unknown, "unknown" from
// some proxies, a zone after "%"), and a single failed ::inet cast would fail the whole page.
const H = '[0-9a-f]{1,4}';
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const V4 = `${OCTET}(\\.${OCTET}){3}`;
const left = (n: number) => (n === 0 ? '' : `${H}(:${H}){${n - 1}}`);
const right = (n: number) => (n === 0 ? '' : `(${H}(:${H}){0,${n - 1}})?`);
const V6 = [
  `${H}(:${H}){7}`, `(${H}:){6}${V4}`,
  ...Array.from({ length: 8 }, (_, n) => `${left(n)}::${right(7 - n)}`),
  ...Array.from({ length: 6 }, (_, n) => `${left(n)}::(${H}:){0,${5 - n}}${V4}`),
];
const INET_TEXT = `^(${V4}|${V6.join('|')})$`;

/**
 * Premium's `ip` filter: clicks from the network the partner sees (IPv4 /24, IPv6 /48; the
 * address itself when partners see whole addresses), IPv4-mapped IPv6 addresses included. As
 * partnerVisibleIp: a zone is dropped, and an address inet can not read is seen as 0.0.0.0.
 */
function fromNetwork(ip: typeof clicks.ip, filter: NonNullable<ReportQuery['ip']>): SQL {
  const v4 = !filter.network.includes(':');
  const cidr = `${filter.network}/${v4 ? (filter.full ? 32 : 24) : (filter.full ? 128 : 48)}`;
  const mapped = v4 ? `::ffff:${filter.network}/${filter.full ? 128 : 120}` : cidr;
  const address = sql`split_part(${ip}, '%', 1)`;
  const unknown = filter.network === '0.0.0.0' ? sql`true` : sql`false`;
  return sql`(case when ${address} ~* ${INET_TEXT}
    then ${address}::inet <<= ${cidr}::inet or ${address}::inet <<= ${mapped}::inet else ${unknown} end)`;
}

const p = (name: string) => sql.placeholder(name);

/**
 * The statements every api.php call runs, as named prepared statements (parsed and planned once
 * per connection, not built by drizzle on each request): the key with its partner, and first
 * pages without filters, their absent bounds the widest ones (src/db/filters.ts, pageParams).
 * Prepared on first use: a transaction's repositories seldom read reports.
 */
function prepareHotReads(db: PgDb) {
  // bigint: exchanges.id is an integer, and the widest cursor (2^53 - 1) would not fit one.
  const before = (time: AnyPgColumn, id: AnyPgColumn) => sql`(${time}, ${id}) < (${p('beforeTime')}::bigint, ${p('beforeId')}::bigint)`;
  const clickWhere = and(countedClicksOf(p('partnerId')), gte(clicks.time, p('from')), lte(clicks.time, p('to')), before(clicks.time, clicks.id));
  const exchangeWhere = and(eq(exchanges.partnerId, p('partnerId')), gte(exchanges.time, p('from')), lte(exchanges.time, p('to')),
    before(exchanges.time, exchanges.id));
  const clickOrder = [desc(clicks.time), desc(clicks.id)];
  const exchangeOrder = [desc(exchanges.time), desc(exchanges.id)];
  // A page at an offset: its ids from index entries alone, then its rows (see listClicks).
  // The generic plan PostgreSQL keeps for these is the custom one without the 0.8 ms of planning.
  const clickIds = db.select({ id: clicks.id }).from(clicks).where(clickWhere).orderBy(...clickOrder).limit(p('limit')).offset(p('offset'));
  const exchangeIds = db.select({ id: exchanges.id }).from(exchanges).where(exchangeWhere).orderBy(...exchangeOrder).limit(p('limit')).offset(p('offset'));
  return {
    clickSkip: prepareSkip(db, 'clicks', clickWhere, clicks),
    exchangeSkip: prepareSkip(db, 'exchanges', exchangeWhere, exchanges),
    keyByPrefix: db.select({ key: apiKeys, partner: partners }).from(apiKeys)
      .innerJoin(partners, eq(partners.id, apiKeys.partnerId)).where(eq(apiKeys.prefix, p('prefix'))).prepare('api_key_with_partner'),
    clickPage: preparePgRead<ReportClickRow>(db, 'partner_click_page',
      db.select(clickColumns).from(clicks).where(clickWhere).orderBy(...clickOrder).limit(p('limit')), clickColumns),
    exchangePage: preparePgRead<ReportExchangeRow>(db, 'partner_exchange_page',
      db.select(exchangeColumns).from(exchanges).where(exchangeWhere).orderBy(...exchangeOrder).limit(p('limit')), exchangeColumns),
    clickOffsetPage: preparePgRead<ReportClickRow>(db, 'partner_click_offset_page',
      db.select(clickColumns).from(clicks).where(inArray(clicks.id, clickIds)).orderBy(...clickOrder), clickColumns),
    exchangeOffsetPage: preparePgRead<ReportExchangeRow>(db, 'partner_exchange_offset_page',
      db.select(exchangeColumns).from(exchanges).where(inArray(exchanges.id, exchangeIds)).orderBy(...exchangeOrder), exchangeColumns),
  };
}

/**
 * A deep page's newest whole hours and days skipped by their counts (src/db/deep-offset.ts), in
 * one round trip: the head hour's rows counted in the page's own index (part 0), then the
 * partner_hours (1) and partner_days (2) rows, as a named prepared statement.
 */
function prepareSkip(db: PgDb, figure: 'clicks' | 'exchanges', pageWhere: SQL | undefined, rows: typeof clicks | typeof exchanges) {
  const part = (n: number) => sql<number>`${sql.raw(String(n))}`.mapWith(Number);
  const head = db.select({ part: part(0), start: sql<number>`0::bigint`.mapWith(Number), rows: sql<number>`count(*)`.mapWith(Number) })
    .from(rows).where(pageWhere);
  const hours = db.select({ part: part(1), start: partnerHours.hour, rows: partnerHours[figure] }).from(partnerHours)
    .where(and(eq(partnerHours.partnerId, p('partnerId')), gte(partnerHours.hour, p('hoursFrom')), lt(partnerHours.hour, p('hoursBelow'))));
  const days = db.select({ part: part(2), start: partnerDays.day, rows: partnerDays[figure] }).from(partnerDays)
    .where(and(eq(partnerDays.partnerId, p('partnerId')), gte(partnerDays.day, p('daysFrom')), lt(partnerDays.day, p('daysBelow'))))
    .orderBy(desc(partnerDays.day)).limit(SKIP_DAYS);
  const statement = unionAll(head, hours, days).prepare(`partner_${figure}_skip`);
  return async (page: PageParams): Promise<PageParams> => {
    if (page.offset < DEEP_OFFSET) return page;
    const { head, hours, days } = skipBounds(page);
    const found = await statement.execute({ ...page, from: head.from, to: head.to, hoursFrom: hours.from, hoursBelow: hours.below, daysFrom: days.from, daysBelow: days.below });
    const units = (n: number): SkipUnit[] => found.filter((row) => row.part === n);
    return afterSkipping(page, { head: units(0)[0]?.rows ?? 0, hours: units(1), days: units(2) });
  };
}

export function createPartnerReportRepo(db: PgDb): PartnerReportRepo {
  let hot: ReturnType<typeof prepareHotReads> | undefined;
  const hotReads = () => (hot ??= prepareHotReads(db));
  return {
    async findKeyWithPartner(prefix: string): Promise<KeyWithPartner | null> {
      return first(await hotReads().keyByPrefix.execute({ prefix }));
    },
    // Both walk a (partner_id, time, id) index backwards, which gives the API's order: a first
    // page stops after its rows. A page at an offset is read in two steps: its ids from index
    // entries alone (an index-only scan: the skipped rows are never read from the table), then
    // its rows. For a first page of 1,000 rows the two steps cost 10-15 ms against 1 ms on the
    // 10M-click ledger (BENCHMARKS.md, issue 13), hence one step there.
    async listClicks(partnerId: number, q: ClickReportQuery): Promise<ReportClickRow[]> {
      if (q.linkId === undefined && !q.ip) {
        const hot = hotReads();
        if (q.offset === 0) return hot.clickPage(pageParams(partnerId, q));
        return hot.clickOffsetPage(await hot.clickSkip(pageParams(partnerId, q)));
      }
      // Counted clicks only: bots and repeats are kept in the ledger but never shown.
      const where = and(countedClicksOf(partnerId), ...periodAndCursor(clicks.time, clicks.id, q),
        q.linkId === undefined ? undefined : eq(clicks.linkId, q.linkId), q.ip ? fromNetwork(clicks.ip, q.ip) : undefined);
      const newestFirst = [desc(clicks.time), desc(clicks.id)];
      const rows = db.select(clickColumns).from(clicks);
      if (q.offset === 0) return rows.where(where).orderBy(...newestFirst).limit(q.limit);
      const page = db.select({ id: clicks.id }).from(clicks).where(where).orderBy(...newestFirst).limit(q.limit).offset(q.offset);
      return rows.where(inArray(clicks.id, page)).orderBy(...newestFirst);
    },
    async listExchanges(partnerId: number, q: ReportQuery): Promise<ReportExchangeRow[]> {
      if (!q.ip) {
        const hot = hotReads();
        if (q.offset === 0) return hot.exchangePage(pageParams(partnerId, q));
        return hot.exchangeOffsetPage(await hot.exchangeSkip(pageParams(partnerId, q)));
      }
      const clickFilter = q.ip && inArray(exchanges.clickId,
        db.select({ id: clicks.id }).from(clicks).where(and(eq(clicks.partnerId, partnerId), fromNetwork(clicks.ip, q.ip))));
      const where = and(eq(exchanges.partnerId, partnerId), ...periodAndCursor(exchanges.time, exchanges.id, q), clickFilter);
      const newestFirst = [desc(exchanges.time), desc(exchanges.id)];
      if (q.offset === 0) return db.select(exchangeColumns).from(exchanges).where(where).orderBy(...newestFirst).limit(q.limit);
      const page = db.select({ id: exchanges.id }).from(exchanges).where(where).orderBy(...newestFirst).limit(q.limit).offset(q.offset);
      return db.select(exchangeColumns).from(exchanges).where(inArray(exchanges.id, page)).orderBy(...newestFirst);
    },
    async listPayouts(partnerId: number, q: ReportQuery): Promise<PayoutRow[]> {
      return db.select().from(payouts).where(and(eq(payouts.partnerId, partnerId), ...periodAndCursor(payouts.createdAt, payouts.id, q)))
        .orderBy(desc(payouts.createdAt), desc(payouts.id)).limit(q.limit).offset(q.offset);
    },
    async findPayout(partnerId: number, payoutId: number): Promise<PayoutRow | null> {
      return first(await db.select().from(payouts).where(and(eq(payouts.id, payoutId), eq(payouts.partnerId, partnerId))));
    },
    /** Bulk loading for benchmarks and fixtures: one transaction, multi-row inserts of CHUNK rows pulled lazily. */
    async bulkInsert(rows: { clicks?: Iterable<SeedClick>; exchanges?: Iterable<SeedExchange> }): Promise<{ clicks: number; exchanges: number }> {
      return writeTransaction(db, async (tx) => {
        // The hourly figures take the loaded rows in the same transaction (src/db/figures.ts).
        const deltas = new HourDeltas();
        const turnover = new TotalsDeltas();
        const counted = {
          clicks: await inChunks(rows.clicks ?? [], (chunk) => {
            for (const row of chunk) if (!row.isBot && !row.isRepeat) deltas.add(row.partnerId, row.time, { clicks: 1 });
            return tx.insert(clicks).values(chunk.map(clickValues));
          }),
          exchanges: await inChunks(rows.exchanges ?? [], (chunk) => {
            for (const row of chunk) deltas.moveExchange(null, { partnerId: row.partnerId ?? null, time: row.time, status: row.status });
            for (const row of chunk) turnover.moveTurnover(null, seedExchangeValues(row));
            return tx.insert(exchanges).values(chunk.map(seedExchangeValues));
          }),
        };
        addToHours(tx, deltas.list());
        addToTotals(tx, turnover.list());
        return counted;
      });
    },
  };
}

async function inChunks<T>(rows: Iterable<T>, write: (chunk: T[]) => Promise<unknown>): Promise<number> {
  let chunk: T[] = [];
  let count = 0;
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === CHUNK) { await write(chunk); count += chunk.length; chunk = []; }
  }
  if (chunk.length > 0) { await write(chunk); count += chunk.length; }
  return count;
}

function clickValues(row: SeedClick): typeof clicks.$inferInsert {
  return {
    time: row.time, partnerId: row.partnerId ?? null, linkId: row.linkId ?? null, ip: row.ip ?? '',
    browser: row.browser ?? 'Unknown', userAgent: row.userAgent ?? '', referrer: row.referrer ?? '',
    userHash: row.userHash, queryString: row.queryString ?? '', curFrom: row.curFrom ?? null, curTo: row.curTo ?? null,
    isBot: row.isBot ?? false, isRepeat: row.isRepeat ?? false, ...subIdsOf(row),
  };
}
