// Parameters of the partner API as PHP clients send them: strings from a query string, a form
// body or JSON. An empty value counts as absent (PHP clients often send `start_time=`).
import type { ReportQuery } from '../../db/repos.js';
import { ValidationError } from '../../errors.js';
import { MAX_ID } from '../../ids.js';
import type { Decimal } from '../../money/decimal.js';
import { isIP } from 'node:net';
import { readPayoutAmount } from '../ledger/payouts.js';
import { hasUnsafeCharacters } from '../partners/partner-text.js';
import { partnerVisibleIp } from '../../partner-ip.js';

export type ApiParams = Record<string, string | undefined>;

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;
// An offset costs a scan of every skipped row, so it stays small (kept for clients that page
// with it); deeper pages use the keyset `cursor` that every full page returns (docs/security.md).
export const MAX_OFFSET = 10_000;

function present(params: ApiParams, name: string): string | undefined {
  const value = params[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(params: ApiParams, name: string, min: number, max: number): number | undefined {
  const text = present(params, name);
  if (text === undefined) return undefined;
  const n = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new ValidationError(name, `expected an integer from ${min} to ${max}`);
  return n;
}

/** start_time/end_time (inclusive unix seconds), Premium's `ip` filter, and the limit/offset extensions. */
export function readReportQuery(params: ApiParams, fullIp = false): ReportQuery {
  const from = integer(params, 'start_time', 0, Number.MAX_SAFE_INTEGER);
  const to = integer(params, 'end_time', 0, Number.MAX_SAFE_INTEGER);
  if (from !== undefined && to !== undefined && from > to) {
    throw new ValidationError('start_time', 'must not be after end_time');
  }
  return {
    from,
    to,
    limit: integer(params, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    offset: integer(params, 'offset', 0, MAX_OFFSET) ?? 0,
    before: readCursor(params),
    ip: readIpFilter(params, fullIp),
  };
}

/** An address or the network shown in `ip` (203.0.113.0): matched as the partner sees clicks. */
function readIpFilter(params: ApiParams, fullIp: boolean): ReportQuery['ip'] {
  const text = present(params, 'ip');
  if (text === undefined) return undefined;
  if (!isIP(text)) throw new ValidationError('ip', 'expected an IPv4 or IPv6 address, such as 203.0.113.0');
  return { network: partnerVisibleIp(text, fullIp), full: fullIp };
}

/** `cursor`: "<time>-<id>" of the last item of the previous page (its `next_cursor`). */
function readCursor(params: ApiParams): ReportQuery['before'] {
  const text = present(params, 'cursor');
  if (text === undefined) return undefined;
  const match = /^(\d{1,16})-(\d{1,16})$/.exec(text);
  const [time, id] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!Number.isSafeInteger(time) || !Number.isSafeInteger(id)) throw new ValidationError('cursor', 'expected the next_cursor of a previous page');
  return { time, id };
}

/** The cursor of the page after `rows` (newest first), when the page was full and more may follow. */
export function nextCursor<T extends { id: number }>(rows: T[], timeOf: (row: T) => number, query: ReportQuery): string | undefined {
  const last = rows.at(-1);
  return last === undefined || rows.length < query.limit ? undefined : `${timeOf(last)}-${last.id}`;
}

export interface PayoutRequestParams {
  methodId: number;
  account: string;
  amount?: Decimal;
}

/** add_payout: method_id, account and an optional amount (default: the whole balance). */
export function readPayoutRequest(params: ApiParams): PayoutRequestParams {
  const methodId = requiredId(params, 'method_id');
  const account = present(params, 'account');
  if (account === undefined || account.length > 200 || hasUnsafeCharacters(account)) {
    throw new ValidationError('account', 'expected the payout details, 1-200 printable characters');
  }
  const amount = readPayoutAmount(present(params, 'amount'));
  return { methodId, account, amount };
}

export function requiredId(params: ApiParams, name: string): number {
  const id = integer(params, name, 1, MAX_ID);
  if (id === undefined) throw new ValidationError(name, 'required');
  return id;
}
