// Feed options, set by the operator per monitor feed (POST /admin/feeds, `ratelink feed add`):
//   include / exclude  currency codes ("BTC": every direction from or to BTC) or directions
//                      ("BTC-SBERRUB"); default: every listable direction; exclude wins
//   aliases            our currency code → the monitor's spelling, e.g. {"USDTTRC20": "USDTTRC"}
//   max_age            seconds since a rate's last update after which it is stale and left out
import { ValidationError } from '../../errors.js';
import { CURRENCY_CODE } from '../../money/currency.js';

export const DEFAULT_MAX_AGE = 600;
export const MAX_MAX_AGE = 30 * 24 * 3600;
const MAX_ENTRIES = 1000;

const ENTRY = /^[A-Z0-9_]{2,50}(-[A-Z0-9_]{2,50})?$/;
const ALIAS = /^[A-Za-z0-9_.-]{1,50}$/;

export interface FeedOptions {
  include: string[];
  exclude: string[];
  aliases: Record<string, string>;
  maxAge: number;
}

/** Validates options as given by the operator; returns them normalised (codes upper-cased). */
export function validateFeedOptions(options: unknown): Record<string, unknown> {
  const input = asObject(options, 'options');
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'include' || key === 'exclude') result[key] = readEntries(value, `options.${key}`);
    else if (key === 'aliases') result[key] = readAliases(value);
    else if (key === 'max_age') result[key] = readMaxAge(value);
    else throw new ValidationError(`options.${key}`, 'unknown option (expected include, exclude, aliases or max_age)');
  }
  return result;
}

/** The options a feed is built with, defaults filled in. Throws on invalid stored options. */
export function readFeedOptions(stored: unknown): FeedOptions {
  const options = validateFeedOptions(stored ?? {});
  return {
    include: (options.include as string[] | undefined) ?? [],
    exclude: (options.exclude as string[] | undefined) ?? [],
    aliases: (options.aliases as Record<string, string> | undefined) ?? {},
    maxAge: (options.max_age as number | undefined) ?? DEFAULT_MAX_AGE,
  };
}

function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(field, 'expected an object');
  }
  return value as Record<string, unknown>;
}

function readEntries(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length > MAX_ENTRIES) {
    throw new ValidationError(field, `expected a list of at most ${MAX_ENTRIES} currency codes or FROM-TO directions`);
  }
  return [...new Set(value.map((entry, i) => {
    const code = typeof entry === 'string' ? entry.trim().toUpperCase() : '';
    if (!ENTRY.test(code)) throw new ValidationError(`${field}[${i}]`, 'expected a currency code such as BTC or a direction such as BTC-SBERRUB');
    return code;
  }))];
}

function readAliases(value: unknown): Record<string, string> {
  const input = asObject(value, 'options.aliases');
  const entries = Object.entries(input);
  if (entries.length > MAX_ENTRIES) throw new ValidationError('options.aliases', `at most ${MAX_ENTRIES} aliases`);
  const aliases: Record<string, string> = {};
  for (const [key, alias] of entries) {
    const code = key.trim().toUpperCase();
    if (!CURRENCY_CODE.test(code)) throw new ValidationError(`options.aliases.${key}`, 'expected a currency code as the key');
    if (typeof alias !== 'string' || !ALIAS.test(alias)) {
      throw new ValidationError(`options.aliases.${key}`, 'expected the monitor\'s code: 1 to 50 letters, digits, _ . -');
    }
    // Two codes under one spelling would list one direction twice (docs/research/export-formats.md §7.6).
    const taken = Object.keys(aliases).find((other) => aliases[other] === alias);
    if (taken) throw new ValidationError(`options.aliases.${key}`, `${alias} is already the alias of ${taken}`);
    aliases[code] = alias;
  }
  return aliases;
}

function readMaxAge(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_MAX_AGE) {
    throw new ValidationError('options.max_age', `expected whole seconds from 1 to ${MAX_MAX_AGE}`);
  }
  return value;
}
