// An amount of ledger money as the edges send it (a decimal string or a JSON number): exact,
// within the ledger's range, at most 8 decimals. Used for minimum payouts, reward bases,
// turnover levels and adjustments; payouts add their own rule (services/ledger/payouts.ts).
import { ValidationError } from '../../errors.js';
import { LEDGER_MAX, parseDecimal, type Decimal } from '../../money/decimal.js';

/** A non-negative amount of the reward currency, exact to the ledger's 8 decimals. */
export function ledgerAmount(field: string, value: unknown, { allowNegative = false } = {}): Decimal {
  const d = parseDecimal(value);
  if (!d || (!allowNegative && d.lt(0)) || d.abs().gt(LEDGER_MAX) || d.round(8).cmp(d) !== 0) {
    throw new ValidationError(field, `expected a decimal amount${allowNegative ? '' : ' >= 0'} up to ${LEDGER_MAX.toFixed()} with at most 8 decimals`);
  }
  return d;
}
