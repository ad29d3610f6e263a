// What a partner reads about itself through the partner API, newest first, a page at a time:
// each query walks one of the (partner_id, time) indexes backwards.
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type {
  ExchangeRow, KeyWithPartner, PartnerReportRepo, PayoutRow, ReportClickRow, ReportQuery, SeedClick, SeedExchange,
} from '../../repos.js';
import { first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { apiKeys, clicks, exchanges, partners, payouts } from '../schema.js';

const CHUNK = 1000;

function inRange(column: typeof clicks.time | typeof exchanges.time | typeof payouts.createdAt, q: ReportQuery): SQL[] {
  const where: SQL[] = [];
  if (q.from !== undefined) where.push(gte(column, q.from));
  if (q.to !== undefined) where.push(lte(column, q.to));
  return where;
}

export function createPartnerReportRepo(db: PgDb): PartnerReportRepo {
  return {
    async findKeyWithPartner(prefix: string): Promise<KeyWithPartner | null> {
      return first(await db.select({ key: apiKeys, partner: partners }).from(apiKeys)
        .innerJoin(partners, eq(partners.id, apiKeys.partnerId)).where(eq(apiKeys.prefix, prefix)));
    },
    // linkId/ip: issue-11's ClickReportQuery narrows clicks to one link or one visitor address.
    async listClicks(partnerId: number, q: ReportQuery & { linkId?: number; ip?: string }): Promise<ReportClickRow[]> {
      return db.select({
        id: clicks.id, time: clicks.time, browser: clicks.browser, ip: clicks.ip,
        referrer: clicks.referrer, userHash: clicks.userHash, queryString: clicks.queryString,
      }).from(clicks)
        // Counted clicks only: bots and repeats are kept in the ledger but never shown.
        .where(and(eq(clicks.partnerId, partnerId), eq(clicks.isBot, false), eq(clicks.isRepeat, false), ...inRange(clicks.time, q),
          q.linkId === undefined ? undefined : eq(clicks.linkId, q.linkId), q.ip === undefined ? undefined : eq(clicks.ip, q.ip)))
        .orderBy(desc(clicks.time), desc(clicks.id)).limit(q.limit).offset(q.offset);
    },
    async listExchanges(partnerId: number, q: ReportQuery): Promise<ExchangeRow[]> {
      return db.select().from(exchanges).where(and(eq(exchanges.partnerId, partnerId), ...inRange(exchanges.time, q)))
        .orderBy(desc(exchanges.time), desc(exchanges.id)).limit(q.limit).offset(q.offset);
    },
    async listPayouts(partnerId: number, q: ReportQuery): Promise<PayoutRow[]> {
      return db.select().from(payouts).where(and(eq(payouts.partnerId, partnerId), ...inRange(payouts.createdAt, q)))
        .orderBy(desc(payouts.createdAt), desc(payouts.id)).limit(q.limit).offset(q.offset);
    },
    async findPayout(partnerId: number, payoutId: number): Promise<PayoutRow | null> {
      return first(await db.select().from(payouts).where(and(eq(payouts.id, payoutId), eq(payouts.partnerId, partnerId))));
    },
    /** Bulk loading for benchmarks and fixtures: one transaction, multi-row inserts of CHUNK rows pulled lazily. */
    async bulkInsert(rows: { clicks?: Iterable<SeedClick>; exchanges?: Iterable<SeedExchange> }): Promise<{ clicks: number; exchanges: number }> {
      return db.transaction(async (tx) => ({
        clicks: await inChunks(rows.clicks ?? [], (chunk) => tx.insert(clicks).values(chunk.map(clickValues))),
        exchanges: await inChunks(rows.exchanges ?? [], (chunk) => tx.insert(exchanges).values(chunk.map(exchangeValues))),
      }));
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
    isBot: row.isBot ?? false, isRepeat: row.isRepeat ?? false,
  };
}

function exchangeValues(row: SeedExchange): typeof exchanges.$inferInsert {
  return {
    externalId: row.externalId, partnerId: row.partnerId ?? null, clickId: row.clickId ?? null, userHash: row.userHash ?? null,
    refCode: row.refCode ?? null, time: row.time, curGive: row.curGive, curGet: row.curGet, amountGive: row.amountGive,
    amountGet: row.amountGet, courseGive: row.courseGive, courseGet: row.courseGet, status: row.status,
    rewardBase: row.rewardBase ?? 0, rewardPercent: row.rewardPercent ?? null, reward: row.reward ?? 0, flag: row.flag ?? null,
    createdAt: row.createdAt ?? row.time, updatedAt: row.updatedAt ?? row.time,
  };
}
