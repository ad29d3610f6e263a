// Exact decimal arithmetic for publishing rates. A value is an integer count of 10^-scale
// held in a BigInt: the handful of operations publishing needs (compare, multiply, divide or
// round to a precision in a chosen direction, print) are integer operations, with no
// precision setting to get wrong. big.js (src/money/decimal.ts) did the same job at about
// five times the cost (7.2 against 1.3 ms for 500 rates), a third of a full feed rebuild.
import type { Rounding } from '../money/decimal.js';

export interface Exact {
  readonly units: bigint;
  readonly scale: number;
}

// The same syntax as parseDecimal accepts: stored figures were written by it.
const DECIMAL_TEXT = /^-?\d{1,30}(\.\d{1,30})?$/;
const POWERS = Array.from({ length: 80 }, (_, n) => 10n ** BigInt(n));
const pow10 = (n: number): bigint => POWERS[n] ?? 10n ** BigInt(n);

export const ZERO: Exact = { units: 0n, scale: 0 };
export const ONE: Exact = { units: 1n, scale: 0 };

/** A stored decimal string, or null when the row holds something else (edited by hand...). */
export function readStoredDecimal(text: string): Exact | null {
  if (!DECIMAL_TEXT.test(text)) return null;
  const dot = text.indexOf('.');
  if (dot === -1) return { units: BigInt(text), scale: 0 };
  return { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

export function compare(a: Exact, b: Exact): -1 | 0 | 1 {
  const x = a.scale >= b.scale ? a.units : a.units * pow10(b.scale - a.scale);
  const y = b.scale >= a.scale ? b.units : b.units * pow10(a.scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const isPositive = (a: Exact): boolean => a.units > 0n;
export const isOne = (a: Exact): boolean => compare(a, ONE) === 0;

export function times(a: Exact, b: Exact): Exact {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** a ÷ b rounded to `dp` decimals in the given direction ('down' towards zero, 'up' away). */
export function divideRounded(a: Exact, b: Exact, dp: number, rounding: Rounding): Exact {
  // (a.units / 10^a.scale) / (b.units / 10^b.scale), counted in units of 10^-dp.
  return { units: roundQuotient(a.units * pow10(b.scale + dp), b.units * pow10(a.scale), rounding), scale: dp };
}

export function roundTo(a: Exact, dp: number, rounding: Rounding): Exact {
  return a.scale <= dp ? a : { units: roundQuotient(a.units, pow10(a.scale - dp), rounding), scale: dp };
}

function roundQuotient(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator < 0n) return roundQuotient(-numerator, -denominator, rounding);
  const quotient = numerator / denominator; // truncated towards zero
  const remainder = numerator % denominator;
  if (remainder === 0n || rounding === 'down') return quotient;
  const away = numerator < 0n ? quotient - 1n : quotient + 1n;
  if (rounding === 'up') return away;
  return (remainder < 0n ? -remainder : remainder) * 2n >= denominator ? away : quotient;
}

/** Plain notation, '.' separator, trailing zeros trimmed (as formatDecimal). */
export function format(a: Exact): string {
  const negative = a.units < 0n;
  let digits = (negative ? -a.units : a.units).toString();
  if (a.scale > 0) {
    digits = digits.padStart(a.scale + 1, '0');
    const whole = digits.slice(0, -a.scale);
    let end = digits.length;
    while (end > whole.length && digits.charCodeAt(end - 1) === 48) end--;
    digits = end === whole.length ? whole : `${whole}.${digits.slice(whole.length, end)}`;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}
