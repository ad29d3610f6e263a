// An exchange report from the engine, validated and put in canonical form, and the rule for
// what a retry of the same external_id may change.
import { EXCHANGE_STATUSES, type ExchangeRow, type ExchangeStatus } from '../../db/repos.js';
import { ValidationError } from '../../errors.js';
import { CODE_PATTERN, USER_HASH_PATTERN } from '../../ids.js';
import { formatDecimal, parseDecimal, toUnits } from '../../money/decimal.js';
import { isCurrencyCode } from '../../money/currency.js';
import { ledgerAmount } from './amount.js';

export const EXTERNAL_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** The body of POST /admin/exchanges (also built by `ratelink exchange add`). */
export interface ExchangeReportInput {
  external_id: string | number;
  user_hash?: string;
  ref_code?: string;
  time?: number;
  cur_give: string;
  cur_get: string;
  amount_give: string | number;
  amount_get: string | number;
  course_give: string | number;
  course_get: string | number;
  status: ExchangeStatus;
  reward_base_amount: string | number;
  customer_email?: string;
}

/** A report in canonical form: the row's own fields, with the time and email the engine may omit. */
export type ExchangeReport = Pick<ExchangeRow, 'externalId' | 'userHash' | 'refCode' | 'curGive' | 'curGet' | 'amountGive'
  | 'amountGet' | 'courseGive' | 'courseGet' | 'status' | 'rewardBase'> & {
  time: number | null;
  customerEmail: string | null;
};

/**
 * An external_id sent as a JSON number must be an exact integer: above 2^53 - 1 it arrives
 * rounded (1796115206123456789 and …790 both read as …800) and two exchanges would share an id.
 * Checked on the parsed body before the schema, whose string branch would turn the number into
 * text first. Larger ids are sent as strings.
 */
export function checkNumericExternalId(body: unknown): void {
  const id = typeof body === 'object' && body !== null ? (body as { external_id?: unknown }).external_id : undefined;
  if (typeof id === 'number' && !(Number.isSafeInteger(id) && id >= 0)) {
    throw new ValidationError('external_id', `expected a string, or an integer from 0 to ${Number.MAX_SAFE_INTEGER} (send larger ids as strings)`);
  }
}

export function normaliseReport(input: ExchangeReportInput): ExchangeReport {
  const externalId = String(input.external_id);
  if (!EXTERNAL_ID_PATTERN.test(externalId)) throw new ValidationError('external_id', 'expected 1-128 printable ASCII characters without spaces');
  if (!EXCHANGE_STATUSES.includes(input.status)) throw new ValidationError('status', `expected one of ${EXCHANGE_STATUSES.join(', ')}`);
  return {
    externalId,
    userHash: optional('user_hash', input.user_hash, USER_HASH_PATTERN, '8-64 characters of A-Z, a-z, 0-9, _ or -'),
    refCode: optional('ref_code', input.ref_code, CODE_PATTERN, '3-64 characters of A-Z, a-z, 0-9, _ or -'),
    time: input.time === undefined ? null : unixTime(input.time),
    curGive: currency('cur_give', input.cur_give),
    curGet: currency('cur_get', input.cur_get),
    amountGive: marketFigure('amount_give', input.amount_give),
    amountGet: marketFigure('amount_get', input.amount_get),
    courseGive: marketFigure('course_give', input.course_give),
    courseGet: marketFigure('course_get', input.course_get),
    status: input.status,
    rewardBase: toUnits(ledgerAmount('reward_base_amount', input.reward_base_amount)),
    customerEmail: optional('customer_email', input.customer_email, /^[^\s@]{1,64}@[^\s@]{1,255}$/, 'an email address'),
  };
}

/**
 * A retry must restate the same exchange: currencies, amounts, rates, reward base, and the
 * user_hash/ref_code when given. Only `status` moves; `time` and `customer_email` are read
 * from the report that uses them and otherwise ignored. Returns the first field that differs.
 */
export function findRetryConflict(row: ExchangeRow, report: ExchangeReport): { field: string; stored: string } | null {
  const pairs: Array<[string, string | number | null, string | number | null]> = [
    ['cur_give', row.curGive, report.curGive],
    ['cur_get', row.curGet, report.curGet],
    ['amount_give', row.amountGive, report.amountGive],
    ['amount_get', row.amountGet, report.amountGet],
    ['course_give', row.courseGive, report.courseGive],
    ['course_get', row.courseGet, report.courseGet],
    ['reward_base_amount', row.rewardBase, report.rewardBase],
    ['user_hash', row.userHash, report.userHash ?? row.userHash],
    ['ref_code', row.refCode, report.refCode ?? row.refCode],
  ];
  for (const [field, stored, given] of pairs) {
    if (stored !== given) return { field, stored: String(stored ?? 'nothing') };
  }
  return null;
}

function optional(field: string, value: string | undefined, pattern: RegExp, expected: string): string | null {
  if (value === undefined) return null;
  if (!pattern.test(value)) throw new ValidationError(field, `expected ${expected}`);
  return value;
}

function currency(field: string, value: string): string {
  if (typeof value !== 'string' || !isCurrencyCode(value)) throw new ValidationError(field, 'expected a currency code of 2-50 characters (A-Z, 0-9, _)');
  return value;
}

/** Amounts and rates are exact non-negative decimals, stored as canonical strings. */
function marketFigure(field: string, value: string | number): string {
  const d = parseDecimal(value);
  if (!d || d.lt(0)) throw new ValidationError(field, 'expected a non-negative decimal (string or number)');
  return formatDecimal(d);
}

function unixTime(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 4_102_444_800) throw new ValidationError('time', 'expected unix seconds (an integer up to 4102444800)');
  return value;
}
