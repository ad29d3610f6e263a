// Validates one direction as the operator sends it (PUT/PATCH /admin/directions, `ratelink
// rates import`, the XML import) and turns it into the stored form: canonical decimal strings.
// Field names are those of the classic XML elements.
import type { DirectionValues } from '../../db/repos.js';
import { ValidationError } from '../../errors.js';
import { CURRENCY_CODE } from '../../money/currency.js';
import { isCashCode } from '../../export/publish.js';
import { formatDecimal, parseDecimal } from '../../money/decimal.js';

/** Names a field in an error message, e.g. `[3].in` or `item 4 (BTC-SBERRUB) <in>`. */
export type FieldLabel = (field: string) => string;

const MARK = /^[a-z0-9_]{1,32}$/;
const CITY = /^[A-Z0-9_]{2,32}$/;
const MAX_DELAY = 525_600; // a year of minutes

/**
 * The stored values of a direction. `base` is the existing direction when a PATCH names only
 * some fields; without it, `in`, `out` and `amount` are required.
 */
export function normaliseDirection(input: Record<string, unknown>, label: FieldLabel, base?: DirectionValues): DirectionValues {
  const given = (field: string) => input[field] !== undefined;
  const read = <T>(field: string, parse: (value: unknown, field: string) => T, fallback: T | undefined): T => {
    if (given(field)) return parse(input[field], label(field));
    if (fallback === undefined) throw new ValidationError(label(field), 'required');
    return fallback;
  };
  const values: DirectionValues = {
    from: read('from', readCode, base?.from),
    to: read('to', readCode, base?.to),
    in: read('in', positive, base?.in),
    out: read('out', positive, base?.out),
    amount: read('amount', nonNegative, base?.amount),
    minamount: read('minamount', nonNegative, base?.minamount ?? '0'),
    maxamount: read('maxamount', nonNegative, base?.maxamount ?? '0'),
    minfee: read('minfee', nullable(nonNegative), base?.minfee ?? null),
    fromfee: read('fromfee', nullable(readFee), base?.fromfee ?? null),
    tofee: read('tofee', nullable(readFee), base?.tofee ?? null),
    floating: read('floating', nullable(readFloating), base?.floating ?? null),
    delay: read('delay', nullable(readDelay), base?.delay ?? null),
    param: read('param', readList(MARK, 'marks such as manual or verifying', (s) => s.toLowerCase()), base?.param ?? []),
    city: read('city', readList(CITY, 'city codes such as MSK', (s) => s.toUpperCase()), base?.city ?? []),
    active: read('active', readBoolean, base?.active ?? true),
  };
  checkDirection(values, label);
  return values;
}

function checkDirection(v: DirectionValues, label: FieldLabel) {
  if (v.from === v.to) throw new ValidationError(label('to'), 'must differ from from');
  const max = parseDecimal(v.maxamount)!;
  if (max.gt(0) && max.lt(parseDecimal(v.minamount)!)) {
    throw new ValidationError(label('maxamount'), 'must be at least minamount (or 0 for "up to the reserve")');
  }
  if ((isCashCode(v.from) || isCashCode(v.to)) && v.city.length === 0) {
    throw new ValidationError(label('city'), 'required for a cash direction (CASH*): the cities where cash is handed over');
  }
}

function readCode(value: unknown, field: string): string {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!CURRENCY_CODE.test(code)) throw new ValidationError(field, 'expected a currency code such as BTC or SBERRUB');
  return code;
}

function decimalAtLeast(value: unknown, field: string, strict: boolean): string {
  const d = parseDecimal(value);
  if (!d || (strict ? d.lte(0) : d.lt(0))) throw new ValidationError(field, `expected a decimal ${strict ? 'greater than 0' : 'of 0 or more'}`);
  // A JSON number such as 1e40 or 1e-31 escapes the length limit of decimal strings; the feeds
  // read stored figures by that limit and would leave the direction out, whatever we answered.
  const text = formatDecimal(d);
  if (!STORED_DECIMAL.test(text)) throw new ValidationError(field, 'expected at most 30 digits before and 30 after the decimal point');
  return text;
}

const STORED_DECIMAL = /^\d{1,30}(\.\d{1,30})?$/;
const positive = (value: unknown, field: string) => decimalAtLeast(value, field, true);
const nonNegative = (value: unknown, field: string) => decimalAtLeast(value, field, false);

function nullable<T>(parse: (value: unknown, field: string) => T) {
  return (value: unknown, field: string): T | null => (value === null ? null : parse(value, field));
}

/** A fee: a number in the side's currency ("10") or a percent ("0.5%"). */
function readFee(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : value;
  if (typeof text === 'string' && text.endsWith('%')) {
    const d = parseDecimal(text.slice(0, -1));
    if (!d || d.lt(0) || d.gt(100)) throw new ValidationError(field, 'expected a percent from 0 to 100, e.g. "0.5%"');
    return `${formatDecimal(d)}%`;
  }
  return nonNegative(text, field);
}

/** getrate's floating: minutes the rate stays fixed (0: not fixed), or "N%" (docs/research/export-formats.md §1.2). */
function readFloating(value: unknown, field: string): string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (/^\d{1,6}$/.test(text)) return String(Number(text));
  if (text.endsWith('%')) return readFee(text, field);
  throw new ValidationError(field, 'expected whole minutes or a percent such as "1%"');
}

function readDelay(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_DELAY) {
    throw new ValidationError(field, `expected whole minutes from 0 to ${MAX_DELAY}`);
  }
  return n;
}

function readList(pattern: RegExp, what: string, normalise: (s: string) => string) {
  return (value: unknown, field: string): string[] => {
    if (value === null) return [];
    if (!Array.isArray(value) || value.length > 200) throw new ValidationError(field, `expected a list of ${what}`);
    return [...new Set(value.map((item, i) => {
      const text = typeof item === 'string' ? normalise(item.trim()) : '';
      if (!pattern.test(text)) throw new ValidationError(`${field}[${i}]`, `expected ${what}`);
      return text;
    }))];
  };
}

function readBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(field, 'expected true or false');
  return value;
}
