// BestChange XML, hand-written so that the layout is exactly what monitors expect
// (export-formats.md §1.1–1.3, §7.2–7.3): UTF-8 declaration, one element per line, LF,
// fixed element order, optional elements omitted, one <item> per city, param as a comma list.
import type { Dialect, Fee, PublishedRate } from './types.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ROOT: Record<Dialect, string> = {
  classic: '<rates>',
  eref11: '<rates xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://docs.bestchange.biz/schema/1.1.xsd">',
};

export function renderXml(items: readonly PublishedRate[], dialect: Dialect): string {
  if (items.length === 0) return `${DECLARATION}${ROOT[dialect]}</rates>\n`;
  const renderItem = dialect === 'eref11' ? eref11Item : classicItem;
  let body = `${DECLARATION}${ROOT[dialect]}\n`;
  for (const item of items) {
    if (item.city.length === 0) body += renderItem(item, undefined);
    else for (const city of item.city) body += renderItem(item, city);
  }
  return `${body}</rates>\n`;
}

/** §7.2: from, to, in, out, amount, minamount, maxamount, minfee?, fromfee?, tofee?, floating?, delay?, param?, city? */
function classicItem(r: PublishedRate, city: string | undefined): string {
  return '<item>\n'
    + core(r)
    + el('minamount', r.min) + el('maxamount', r.max)
    + opt('minfee', r.minfee) + opt('fromfee', fee(r.fromfee)) + opt('tofee', fee(r.tofee))
    + opt('floating', r.floating) + opt('delay', r.delay)
    + opt('param', params(r)) + opt('city', city)
    + '</item>\n';
}

/**
 * §7.3 (EREF 1.1): frommin/frommax/tomin/tomax, then fees, city and param as in the official
 * example, then the legacy minamount/maxamount (and minfee) that BestChange's merchant
 * cabinet still reads (§1.3: 1.1 is backward compatible; implementers place them last).
 */
function eref11Item(r: PublishedRate, city: string | undefined): string {
  return '<item>\n'
    + core(r)
    + el('frommin', r.min) + el('frommax', r.max) + el('tomin', r.tomin) + el('tomax', r.tomax)
    + opt('fromfee', fee(r.fromfee)) + opt('tofee', fee(r.tofee))
    + opt('floating', r.floating) + opt('delay', r.delay)
    + opt('city', city) + opt('param', params(r))
    + el('minamount', r.min) + el('maxamount', r.max) + opt('minfee', r.minfee)
    + '</item>\n';
}

function core(r: PublishedRate): string {
  return el('from', r.from) + el('to', r.to) + el('in', r.in) + el('out', r.out) + el('amount', r.amount);
}

function el(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>\n`;
}

function opt(name: string, value: string | undefined): string {
  return value === undefined || value === '' ? '' : el(name, value);
}

function params(r: PublishedRate): string | undefined {
  return r.param.length === 0 ? undefined : r.param.join(',');
}

/** Fixed fees are a bare number in the side's currency, percents end with % (§1.6). */
export function fee(value: Fee | undefined): string | undefined {
  if (!value) return undefined;
  return value.kind === 'percent' ? `${value.value}%` : value.value;
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&apos;' };
// Characters XML 1.0 cannot carry at all, even escaped: dropped.
const XML_UNSAFE = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const XML_UNSAFE_ALL = new RegExp(XML_UNSAFE.source, 'g');

/** Every text value goes through here, whatever upstream validation promised. */
export function escapeXml(text: string): string {
  return XML_UNSAFE.test(text) ? text.replace(XML_UNSAFE_ALL, (c) => XML_ENTITIES[c] ?? '') : text;
}
