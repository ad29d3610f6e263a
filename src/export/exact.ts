// Exact decimal arithmetic for publishing rates, fast enough to rebuild every feed of a
// 500-direction table within a few milliseconds. Same library and representation as
// src/money/decimal.ts (big.js values, canonical decimal strings), with one difference:
// divisions are computed to the decimals they are published with, in the rounding direction
// wanted, instead of to 30 decimals then rounded (exact both ways: big.js rounds a quotient
// knowing its remainder), which was ~40 µs per division and dominated the rebuild.
import BigJs from 'big.js';
import type { Decimal, Rounding } from '../money/decimal.js';

// Our own constructor: DP/RM are set per division and must not affect any other user.
// Every operand is made by it, so that big.js never converts between constructors.
const Big = BigJs();
Big.NE = -1_000_000;
Big.PE = 1_000_000;
const MODES: Record<Rounding, BigJs.RoundingMode> = { down: Big.roundDown, up: Big.roundUp, 'half-up': Big.roundHalfUp };
// The same syntax as parseDecimal accepts: stored figures were written by it.
const DECIMAL_TEXT = /^-?\d{1,30}(\.\d{1,30})?$/;

export const ONE: Decimal = new Big(1);
export const ZERO: Decimal = new Big(0);

/** A stored decimal string, or null when the row holds something else (edited by hand...). */
export function readStoredDecimal(text: string): Decimal | null {
  return DECIMAL_TEXT.test(text) ? new Big(text) : null;
}

/** a ÷ b rounded to `dp` decimals in the given direction, exactly. */
export function divideRounded(a: Decimal, b: Decimal, dp: number, rounding: Rounding): Decimal {
  Big.DP = dp;
  Big.RM = MODES[rounding];
  return (a instanceof Big ? a : new Big(a)).div(b instanceof Big ? b : new Big(b));
}
