// Parameters of the partner API as PHP clients send them: strings from a query string, a form
// body or JSON. An empty value counts as absent (PHP clients often send `start_time=`).
import type { ReportQuery } from '../../db/repos.js';
import { ValidationError } from '../../errors.js';
import type { Decimal } from '../../money/decimal.js';
import { readPayoutAmount } from '../ledger/payouts.js';

export type ApiParams = Record<string, string | undefined>;

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;
// Deep offsets cost a scan of every skipped row; narrow end_time instead (README).
export const MAX_OFFSET = 1_000_000;

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

/** start_time/end_time (inclusive unix seconds) and the limit/offset extensions. */
export function readReportQuery(params: ApiParams): ReportQuery {
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
  };
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
  if (account === undefined || account.length > 200 || /[\u0000-\u001f\u007f]/.test(account)) {
    throw new ValidationError('account', 'expected the payout details, 1-200 printable characters');
  }
  const amount = readPayoutAmount(present(params, 'amount'));
  return { methodId, account, amount };
}

export function requiredId(params: ApiParams, name: string): number {
  const id = integer(params, name, 1, Number.MAX_SAFE_INTEGER);
  if (id === undefined) throw new ValidationError(name, 'required');
  return id;
}
