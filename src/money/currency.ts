// One rule for currency codes and one for their precision, used by the rate table and the
// feeds, the referral redirect, exchange ingestion, rewards and payouts.
// Precision: crypto 8, fiat 2 (feeds also honour a precision the operator set for that code
// in the `currencies` table; docs/research/export-formats.md §1.7, §7.4).

/** A currency code as monitors spell them: BTC, SBERRUB, USDTTRC20. */
export const CURRENCY_CODE = /^[A-Z0-9_]{2,50}$/;

/** Whether `code` is a currency code (case-insensitive: visitors' links may use lower case). */
export function isCurrencyCode(code: string): boolean {
  return CURRENCY_CODE.test(code.toUpperCase());
}

export const CRYPTO_PRECISION = 8;
export const FIAT_PRECISION = 2;

// ISO 4217 codes that end monitor codes of fiat systems: SBERRUB, CASHUSD, PMUSD, CARDUAH...
const FIAT_SUFFIXES = new Set([
  'USD', 'EUR', 'RUB', 'UAH', 'KZT', 'BYN', 'GBP', 'PLN', 'SEK', 'MDL', 'AMD', 'TRY', 'KGS', 'CAD',
  'BGN', 'HUF', 'CZK', 'NOK', 'DKK', 'CHF', 'CNY', 'JPY', 'GEL', 'THB', 'INR', 'NGN', 'IDR', 'AED',
  'ZAR', 'TZS', 'UZS', 'AZN', 'TJS', 'ILS', 'RON', 'AUD', 'NZD', 'HKD', 'SGD', 'MYR', 'VND', 'PHP',
  'KRW', 'BRL', 'ARS', 'MXN', 'COP', 'CLP', 'PEN', 'EGP', 'SAR', 'QAR', 'KWD', 'TMT', 'MNT', 'KES',
]);

// E-money codes without an ISO suffix (WebMoney purses, §5.3). WMX is bitcoin-backed: crypto.
const FIAT_CODES = new Set(['WMZ', 'WMR', 'WME', 'WMB', 'WMK', 'WMP', 'WMU', 'WMV', 'WMY', 'WMG']);

// Tokens whose ticker happens to end in an ISO code.
const CRYPTO_CODES = new Set(['TUSD', 'BUSD', 'FDUSD', 'PYUSD', 'GUSD', 'SUSD', 'LUSD', 'ZUSD']);

export function defaultPrecision(code: string): number {
  const upper = code.toUpperCase();
  if (CRYPTO_CODES.has(upper)) return CRYPTO_PRECISION;
  if (FIAT_CODES.has(upper) || FIAT_SUFFIXES.has(upper.slice(-3))) return FIAT_PRECISION;
  return CRYPTO_PRECISION;
}

export type PrecisionOf = (code: string) => number;

/** The precision lookup for one rebuild: the operator's overrides, else the default. */
export function precisionLookup(overrides: ReadonlyMap<string, number>): PrecisionOf {
  const memo = new Map(overrides);
  return (code) => {
    let dp = memo.get(code);
    if (dp === undefined) memo.set(code, dp = defaultPrecision(code));
    return dp;
  };
}
