// From a stored direction to the numbers every feed publishes (docs/research/export-formats.md §1.7, §7.4).
// Everything here rounds in the exchanger's favour: the client never sees a better rate,
// a larger reserve or a wider limit than the exchanger really offers.
import { compare, divideRounded, format, isOne, isPositive, ONE, readStoredDecimal, roundTo, times, ZERO, type Exact } from './exact.js';
import type { PrecisionOf } from '../money/currency.js';
import type { Fee, PublishedRate, RateRow } from './types.js';

export function isCashCode(code: string): boolean {
  return code.startsWith('CASH');
}

/**
 * The published form of a direction, or null when no feed may list it: inactive, a zero or
 * negative rate, no reserve, a reserve below the minimum, or a cash direction without a city.
 * (Staleness and the feed's include/exclude depend on the feed: see select.ts.)
 */
export function publishRate(row: RateRow, precisionOf: PrecisionOf): PublishedRate | null {
  const rawIn = readStoredDecimal(row.in);
  const rawOut = readStoredDecimal(row.out);
  const rawAmount = readStoredDecimal(row.amount);
  if (!row.active || !rawIn || !rawOut || !rawAmount || !isPositive(rawIn) || !isPositive(rawOut)) return null;
  if ((isCashCode(row.from) || isCashCode(row.to)) && row.city.length === 0) return null;

  const fromDp = precisionOf(row.from);
  const toDp = precisionOf(row.to);
  const rate = normaliseRate(rawIn, rawOut, fromDp, toDp);
  const amount = roundTo(rawAmount, toDp, 'down');
  if (!isPositive(amount)) return null;
  const min = roundTo(nonNegative(row.minamount), fromDp, 'up');
  const max = maxOrder(nonNegative(row.maxamount), amount, rate, fromDp);
  if (compare(max, min) < 0 || !isPositive(max)) return null;

  return {
    id: row.id,
    from: row.from,
    to: row.to,
    in: format(rate.in),
    out: format(rate.out),
    amount: format(amount),
    min: format(min),
    max: format(max),
    // What the client receives for the limits: payouts are truncated, so round down.
    tomin: format(toTo(min, rate, toDp)),
    tomax: format(toTo(max, rate, toDp)),
    // Optional values are present and undefined when unset: one object shape for all rates.
    minfee: publishMinFee(row.minfee, fromDp),
    fromfee: publishFee(row.fromfee, fromDp),
    tofee: publishFee(row.tofee, toDp),
    floating: row.floating ?? undefined,
    // No delay is not a deferred exchange: the element is the mark, so 0 is omitted (as Premium does).
    delay: row.delay ? String(row.delay) : undefined,
    param: row.param,
    city: row.city,
    updatedAt: row.updatedAt,
  };
}

/**
 * Scales the rate so that the cheaper side is 1 and rounds the other side against the client:
 * fewer `to` units per `from` (round down), or more `from` units per `to` (round up).
 */
export function normaliseRate(rawIn: Exact, rawOut: Exact, fromDp: number, toDp: number): PublishedPair {
  if (compare(rawOut, rawIn) >= 0) {
    return { in: ONE, out: isOne(rawIn) ? roundTo(rawOut, toDp, 'down') : divideRounded(rawOut, rawIn, toDp, 'down') };
  }
  return { in: isOne(rawOut) ? roundTo(rawIn, fromDp, 'up') : divideRounded(rawIn, rawOut, fromDp, 'up'), out: ONE };
}

interface PublishedPair {
  in: Exact;
  out: Exact;
}

/**
 * The largest order, in `from` units: the operator's maximum, but never more than the reserve
 * pays out; an unset maximum (0) means "up to the reserve". Divides only when it must.
 */
function maxOrder(maxSet: Exact, reserve: Exact, rate: PublishedPair, fromDp: number): Exact {
  if (isPositive(maxSet)) {
    const fits = isOne(rate.in) ? compare(times(maxSet, rate.out), reserve) <= 0 : compare(maxSet, times(reserve, rate.in)) <= 0;
    if (fits) return roundTo(maxSet, fromDp, 'down');
  }
  return isOne(rate.in) ? divideRounded(reserve, rate.out, fromDp, 'down') : roundTo(times(reserve, rate.in), fromDp, 'down');
}

/** `from` units as `to` units at the published rate: what the client receives, rounded down. */
function toTo(amount: Exact, rate: PublishedPair, toDp: number): Exact {
  return isOne(rate.in) ? roundTo(times(amount, rate.out), toDp, 'down') : divideRounded(amount, rate.in, toDp, 'down');
}

/** Stored fees are "10" (fixed, in the side's currency) or "0.5%"; zero fees are omitted. */
export function publishFee(stored: string | null, dp: number): Fee | undefined {
  if (!stored) return undefined;
  const percent = stored.endsWith('%');
  const value = readStoredDecimal(percent ? stored.slice(0, -1) : stored);
  if (!value || !isPositive(value)) return undefined;
  // A fixed fee is money the exchanger takes: publishing less than it charges would mislead.
  return percent ? { kind: 'percent', value: format(value) } : { kind: 'fixed', value: format(roundTo(value, dp, 'up')) };
}

function publishMinFee(stored: string | null, dp: number): string | undefined {
  const value = stored === null ? null : readStoredDecimal(stored);
  return value && isPositive(value) ? format(roundTo(value, dp, 'up')) : undefined;
}

function nonNegative(text: string): Exact {
  const value = readStoredDecimal(text);
  return value && isPositive(value) ? value : ZERO;
}
