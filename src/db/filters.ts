// The WHERE clauses of the list queries, written once for both engines: drizzle's operators
// are dialect-neutral, so each engine's repository passes the columns of its own table. A
// filter added here reaches SQLite and PostgreSQL together.
import { eq, gte, inArray, isNotNull, isNull, lte, sql, type Column, type SQL } from 'drizzle-orm';
import type { ExchangeFilter, PayoutFilter, ReportQuery } from './repos.js';

/** GET /admin/exchanges: partner, status, period of the exchange time, flagged or not, reviewed or not. */
export function exchangeFilter(t: { partnerId: Column; status: Column; time: Column; flag: Column; review: Column }, filter: ExchangeFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.partnerId !== undefined) where.push(eq(t.partnerId, filter.partnerId));
  if (filter.status !== undefined) where.push(eq(t.status, filter.status));
  if (filter.from !== undefined) where.push(gte(t.time, filter.from));
  if (filter.to !== undefined) where.push(lte(t.time, filter.to));
  if (filter.flagged !== undefined) where.push(filter.flagged ? isNotNull(t.flag) : isNull(t.flag));
  if (filter.review === 'pending') where.push(isNotNull(t.flag), isNull(t.review));
  else if (filter.review !== undefined) where.push(eq(t.review, filter.review));
  return where;
}

/** Payouts of the admin API and get_payouts: partner, statuses, period of creation. */
export function payoutFilter(t: { partnerId: Column; status: Column; createdAt: Column }, filter: PayoutFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.partnerId !== undefined) where.push(eq(t.partnerId, filter.partnerId));
  if (filter.statuses !== undefined) where.push(inArray(t.status, filter.statuses));
  if (filter.from !== undefined) where.push(gte(t.createdAt, filter.from));
  if (filter.to !== undefined) where.push(lte(t.createdAt, filter.to));
  return where;
}

/** The period, and a keyset cursor: rows strictly older than (time, id), as a row comparison the index serves. */
export function periodAndCursor(time: Column, id: Column, q: ReportQuery): SQL[] {
  const where: SQL[] = [];
  if (q.from !== undefined) where.push(gte(time, q.from));
  if (q.to !== undefined) where.push(lte(time, q.to));
  // As bigint: a cursor's id may exceed the 32-bit ids of PostgreSQL's exchanges and payouts.
  if (q.before) where.push(sql`(${time}, ${id}) < (cast(${q.before.time} as bigint), cast(${q.before.id} as bigint))`);
  return where;
}

/** A page's bounds, every one set (see pageParams). */
export type PageParams = {
  partnerId: number;
  from: number;
  to: number;
  limit: number;
  offset: number;
  beforeTime: number;
  beforeId: number;
};

/**
 * A page's bounds as the values of one prepared statement, for both engines: absent bounds
 * become the widest ones, so every call runs the same statement (drizzle would otherwise build
 * and prepare the SQL again on each request). A cursor (time, id) lowers `to` to its time, so
 * the index range starts there: a deep page costs what the first does.
 */
export function pageParams(partnerId: number, q: ReportQuery): PageParams {
  const to = Math.min(q.to ?? Number.MAX_SAFE_INTEGER, q.before?.time ?? Number.MAX_SAFE_INTEGER);
  return {
    partnerId, from: q.from ?? Number.MIN_SAFE_INTEGER, to, limit: q.limit, offset: q.offset,
    beforeTime: q.before?.time ?? Number.MAX_SAFE_INTEGER, beforeId: q.before?.id ?? Number.MAX_SAFE_INTEGER,
  };
}
