// Getting rates in: the operator's rate table as JSON (PUT/PATCH /admin/directions,
// `ratelink rates import`) or as a BestChange XML export, plus the demo's periodic re-push.
// Every accepted write stamps updated_at of each direction it names (the stale-rate guard
// reads it) and bumps the feeds' version in the same transaction.
import type { DirectionRow, DirectionValues, Repos } from '../../db/repos.js';
import { ValidationError } from '../../errors.js';
import type { FeedCache } from '../feeds/cache.js';
import { parseRatesXml } from './xml-import.js';
import { normaliseDirection, type FieldLabel } from './direction-input.js';

/** What a rates write needs: the repositories, and the feed cache when one serves this process. */
export interface RatesDeps {
  repos: Repos;
  feedCache?: Pick<FeedCache, 'changed'>;
}

export interface RatesWriteResult {
  upserted: number;
  removed: number;
  rates_version: number;
}

const MAX_DIRECTIONS = 20_000;
const unixNow = () => Math.floor(Date.now() / 1000);
const jsonLabel = (i: number): FieldLabel => (field) => `[${i}].${field}`;

/** PUT: the table becomes exactly these directions, atomically. */
export async function replaceDirections(deps: RatesDeps, items: unknown, now = unixNow()): Promise<RatesWriteResult> {
  const values = checkUnique(asItems(items).map((item, i) => normaliseDirection(item, jsonLabel(i))), jsonLabel);
  return finish(deps, await deps.repos.directions.replaceAll(values, now));
}

/** PATCH: upserts the directions named, keyed by (from, to); fields left out keep their value. */
export async function patchDirections(deps: RatesDeps, items: unknown, now = unixNow()): Promise<RatesWriteResult> {
  const patches = asItems(items);
  // Merged with the table inside the write's transaction: read before it, a concurrent PATCH
  // of other fields would be overwritten with the values this one read.
  return finish(deps, await deps.repos.directions.upsertMerged((rows) => {
    const existing = new Map(rows.map((row) => [pairKey(row.from, row.to), row]));
    return checkUnique(patches.map((item, i) => {
      const base = existing.get(pairKey(String(item.from ?? '').trim().toUpperCase(), String(item.to ?? '').trim().toUpperCase()));
      return normaliseDirection(item, jsonLabel(i), base && toValues(base));
    }), jsonLabel);
  }, now));
}

/** A BestChange XML document (classic or EREF 1.1 names); a 400 names the first bad item. */
export async function importRatesXml(deps: RatesDeps, xml: string, options: { replace: boolean }, now = unixNow()): Promise<RatesWriteResult> {
  const imported = await parseRatesXml(xml);
  const xmlLabel = (n: number): FieldLabel => (field) => `item ${n} <${field}>`;
  const values = checkUnique(imported.map(({ item, input }) => normaliseDirection(input, xmlLabel(item))), (i) => xmlLabel(imported[i].item));
  const write = options.replace ? deps.repos.directions.replaceAll(values, now) : deps.repos.directions.upsertMany(values, now);
  return finish(deps, await write);
}

/**
 * For the demo loader and the CLI: a directions JSON array (the PUT body), replacing the
 * table by default. `ratelink demo` / the server's first start call this with
 * fixtures/demo/directions.json.
 */
export async function loadDirections(deps: RatesDeps, directions: unknown, options: { replace?: boolean } = {}): Promise<RatesWriteResult> {
  return options.replace === false ? patchDirections(deps, directions) : replaceDirections(deps, directions);
}

/** Stamps every direction as updated at `at` (the demo keeps its rates fresh this way). */
export async function touchAllDirections(deps: RatesDeps, at = unixNow()): Promise<{ touched: number; rates_version: number }> {
  const { touched, version } = await deps.repos.directions.touchAll(at);
  await deps.feedCache?.changed();
  return { touched, rates_version: version };
}

export function directionView(row: DirectionRow) {
  return {
    from: row.from,
    to: row.to,
    in: row.in,
    out: row.out,
    amount: row.amount,
    minamount: row.minamount,
    maxamount: row.maxamount,
    minfee: row.minfee,
    fromfee: row.fromfee,
    tofee: row.tofee,
    floating: row.floating,
    delay: row.delay,
    param: row.param,
    city: row.city,
    active: row.active,
    updated_at: row.updatedAt,
  };
}

async function finish(deps: RatesDeps, result: { upserted: number; removed?: number; version: number }): Promise<RatesWriteResult> {
  await deps.feedCache?.changed();
  return { upserted: result.upserted, removed: result.removed ?? 0, rates_version: result.version };
}

function asItems(items: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(items)) throw new ValidationError('directions', 'expected a JSON array of directions');
  if (items.length > MAX_DIRECTIONS) throw new ValidationError('directions', `at most ${MAX_DIRECTIONS} directions`);
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new ValidationError(`[${i}]`, 'expected a direction object');
  });
  return items as Array<Record<string, unknown>>;
}

function checkUnique(values: DirectionValues[], label: (i: number) => FieldLabel): DirectionValues[] {
  const seen = new Map<string, number>();
  values.forEach((v, i) => {
    const key = pairKey(v.from, v.to);
    const first = seen.get(key);
    if (first !== undefined) throw new ValidationError(label(i)('from'), `duplicate direction ${v.from}-${v.to} (also at ${label(first)('from')})`);
    seen.set(key, i);
  });
  return values;
}

function toValues(row: DirectionRow): DirectionValues {
  const { id: _id, updatedAt: _updatedAt, ...values } = row;
  return values;
}

function pairKey(from: string, to: string) {
  return `${from}-${to}`;
}
