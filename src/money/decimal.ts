// Exact decimal arithmetic for every amount, rate and balance in ratelink.
// One representation in code: big.js values. At the edges they become canonical
// decimal strings (storage of market figures, XML/TXT) or JSON numbers (legacy API).
import BigJs from 'big.js';

// A private constructor so that our settings never leak into other users of big.js.
const Big = BigJs();
Big.DP = 30; // division precision; results are rounded explicitly where it matters
Big.RM = Big.roundHalfUp;
// big.js normally switches to exponent notation below 1e-7 and above 1e21.
Big.NE = -1_000_000;
Big.PE = 1_000_000;

export type Decimal = BigJs.Big;
export type Rounding = 'down' | 'up' | 'half-up';

const DECIMAL_TEXT = /^-?\d{1,30}(\.\d{1,30})?$/;
const ROUNDING = { down: Big.roundDown, up: Big.roundUp, 'half-up': Big.roundHalfUp } as const;

export const ZERO: Decimal = Big(0);
export const ONE: Decimal = Big(1);

/**
 * Reads a decimal from a JSON value: a decimal string (exact) or a finite JSON number,
 * taken by its shortest round-trip text so that 0.1 means 0.1. Returns null when invalid.
 */
export function parseDecimal(value: unknown): Decimal | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return Big(value.toString());
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!DECIMAL_TEXT.test(text)) return null;
  return Big(text);
}

/** Like parseDecimal, but throws; for trusted values such as our own stored text. */
export function decimal(value: string | number | Decimal): Decimal {
  return Big(value);
}

/** Rounds to `dp` decimals in the given direction (away from / towards zero). */
export function roundTo(value: Decimal, dp: number, rounding: Rounding = 'half-up'): Decimal {
  return value.round(dp, ROUNDING[rounding]);
}

/** Plain notation, '.' separator, no exponent, no thousands separators, trailing zeros trimmed. */
export function formatDecimal(value: Decimal, dp?: number, rounding: Rounding = 'half-up'): string {
  const rounded = dp === undefined ? value : roundTo(value, dp, rounding);
  const text = rounded.toFixed();
  return text === '-0' ? '0' : text;
}

/** The legacy API wants JSON numbers; convert only at that edge. */
export function toJsonNumber(value: Decimal): number {
  return Number(value.toFixed());
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

// Ledger money (rewards, payouts, balances) is stored as integer units of 10^-8 of the
// reward currency, so that the database itself can add it up and guard balances.
export const LEDGER_SCALE = 8;
const UNIT = Big(10).pow(LEDGER_SCALE);
/** Largest ledger value we accept: keeps every stored integer within JavaScript's safe range. */
export const LEDGER_MAX = Big('90000000');

export function toUnits(value: Decimal): number {
  const units = value.times(UNIT);
  if (!units.eq(units.round(0, Big.roundDown))) {
    throw new RangeError(`${value.toFixed()} has more than ${LEDGER_SCALE} decimals`);
  }
  return Number(units.toFixed(0));
}

export function fromUnits(units: number | bigint | string): Decimal {
  return Big(units.toString()).div(UNIT);
}

/**
 * toJsonNumber(decimal(text)) for a decimal text, without big.js: Number() and big.js's exact
 * text both give the double nearest the exact value. The partner API renders four per exchange.
 */
export function decimalTextToJsonNumber(text: string): number {
  // + 0: big.js writes -0 as "0"; JSON would anyway.
  return DECIMAL_TEXT.test(text) ? Number(text) + 0 : toJsonNumber(decimal(text));
}

/**
 * toJsonNumber(fromUnits(units)) without big.js: IEEE 754 division of two exact doubles rounds
 * the exact quotient, as Number() rounds its (terminating) decimal text.
 */
export function unitsToJsonNumber(units: number): number {
  return Number.isSafeInteger(units) ? units / 10 ** LEDGER_SCALE + 0 : toJsonNumber(fromUnits(units));
}

const UNIT_DIGITS = 10n ** BigInt(LEDGER_SCALE);

/**
 * Ledger units as the decimal text formatDecimal(fromUnits(units)) gives, in integer arithmetic:
 * a year of days formats 365 amounts per request, and big.js's division cost most of it.
 */
export function formatUnits(units: number | bigint): string {
  let n = BigInt(units);
  const negative = n < 0n;
  if (negative) n = -n;
  const whole = (n / UNIT_DIGITS).toString();
  const fraction = (n % UNIT_DIGITS).toString().padStart(LEDGER_SCALE, '0').replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative ? `-${text}` : text;
}

/** part / whole × 100 rounded half-up to two decimals ("12.35"), exact, for part >= 0 and whole > 0. */
export function percentOf(part: number, whole: number): string {
  if (part < 0 || whole <= 0) return decimal(part).times(100).div(whole).round(2).toFixed(2);
  const w = BigInt(whole);
  const hundredths = (BigInt(part) * 20_000n + w) / (2n * w);
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}
