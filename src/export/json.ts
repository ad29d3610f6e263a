// The jsons.info / Premium Exchanger "version 1.3" JSON (docs/research/export-formats.md §3.2).
// Written by hand so that numbers keep their exact decimal text: our published values are
// already valid JSON numbers (plain notation, no exponent), never a float conversion.
import { decimal, formatDecimal } from '../money/decimal.js';
import type { Fee, PublishedRate } from './types.js';

export const EMPTY_JSON = '{"version":"1.3","currencies":{"list":{},"amounts":{}},"exchange":{}}';

// param marks that v1.3 can carry; the others have no JSON equivalent.
const OPTIONS: ReadonlyArray<[mark: string, option: string]> = [['manual', 'manual'], ['auth', 'auth'], ['verifying', 'ident']];

export function renderJson(items: readonly PublishedRate[]): string {
  if (items.length === 0) return EMPTY_JSON;
  const ids = new Map<string, number>(); // currency code → id, in order of appearance
  const idOf = (code: string) => {
    let id = ids.get(code);
    if (id === undefined) ids.set(code, id = ids.size + 1);
    return id;
  };
  const reserves = new Map<number, PublishedRate>(); // to-currency id → direction with the largest reserve
  const byFrom = new Map<number, string[]>();
  for (const item of items) {
    const fromId = idOf(item.from);
    const toId = idOf(item.to);
    const best = reserves.get(toId);
    if (!best || compareDecimals(item.amount, best.amount) > 0) reserves.set(toId, item);
    const entries = byFrom.get(fromId) ?? [];
    entries.push(`"${toId}":${direction(item)}`);
    byFrom.set(fromId, entries);
  }
  const list = [...ids].map(([code, id]) => `"${id}":${q(code)}`);
  const amounts = [...reserves].sort((a, b) => a[0] - b[0]).map(([id, item]) => `"${id}":${item.amount}`);
  const exchange = [...byFrom].map(([fromId, entries]) => `"${fromId}":{"to":{${entries.join(',')}}}`);
  return `{"version":"1.3","currencies":{"list":{${list.join(',')}},"amounts":{${amounts.join(',')}}},"exchange":{${exchange.join(',')}}}`;
}

function direction(r: PublishedRate): string {
  let body = `"xr":${xr(r)},"amount":${r.amount},"min":${r.min},"max":${r.max}`;
  if (r.fromfee) body += `,"inFee":${fee(r.fromfee)}`;
  if (r.tofee) body += `,"outFee":${fee(r.tofee)}`;
  if (r.param.length > 0) {
    const options = OPTIONS.filter(([mark]) => r.param.includes(mark)).map(([, option]) => `"${option}":1`);
    if (options.length > 0) body += `,"options":{${options.join(',')}}`;
  }
  if (r.city.length > 0) body += `,"cities":[${r.city.map(q).join(',')}]`;
  return `{${body}}`;
}

/**
 * §3.2: in > out → in/out; otherwise −out/in; exactly 1:1 → 1. One side is always 1 here.
 * jsons.info takes at most 6 decimals: rounded in the exchanger's favour, so the client gives
 * a little more (positive xr up) or gets a little less (negative xr towards zero).
 */
function xr(r: PublishedRate): string {
  if (r.in === r.out) return '1';
  return r.out === '1' ? formatDecimal(decimal(r.in), XR_DECIMALS, 'up') : `-${formatDecimal(decimal(r.out), XR_DECIMALS, 'down')}`;
}

const XR_DECIMALS = 6;

/** §3.2 json_commission(): a percent → {"%": p}, a fixed fee → the number. */
function fee(value: Fee): string {
  return value.kind === 'percent' ? `{"%":${value.value}}` : value.value;
}

function q(text: string): string {
  return JSON.stringify(text);
}

/** Compares two non-negative canonical decimal strings without floating point. */
function compareDecimals(a: string, b: string): number {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const fa = af.padEnd(width, '0');
  const fb = bf.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}
