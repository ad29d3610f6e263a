// BestChange XML, hand-written so that the layout is exactly what monitors expect
// (docs/research/export-formats.md §1.1–1.3, §7.2–7.3): UTF-8 declaration, one element per line, LF,
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
  for (const item of items) body += renderItem(item);
  return `${body}</rates>\n`;
}

// Each item is written as one template: a rebuild writes some 20,000 elements, and a call per
// element cost twice the time of the whole document.

/** §7.2: from, to, in, out, amount, minamount, maxamount, minfee?, fromfee?, tofee?, floating?, delay?, param?, city? */
function classicItem(r: PublishedRate): string {
  const head = `<item>\n${core(r)}<minamount>${x(r.min)}</minamount>\n<maxamount>${x(r.max)}</maxamount>\n`
    + opt('minfee', r.minfee) + opt('fromfee', fee(r.fromfee)) + opt('tofee', fee(r.tofee))
    + opt('floating', r.floating) + opt('delay', r.delay) + opt('param', params(r));
  return perCity(r, head, '</item>\n');
}

/**
 * §7.3 (EREF 1.1): frommin/frommax/tomin/tomax, then fees, city and param as in the official
 * example, then the legacy minamount/maxamount (and minfee) that BestChange's merchant
 * cabinet still reads (§1.3: 1.1 is backward compatible; implementers place them last).
 */
function eref11Item(r: PublishedRate): string {
  const head = `<item>\n${core(r)}<frommin>${x(r.min)}</frommin>\n<frommax>${x(r.max)}</frommax>\n`
    + `<tomin>${x(r.tomin)}</tomin>\n<tomax>${x(r.tomax)}</tomax>\n`
    + opt('fromfee', fee(r.fromfee)) + opt('tofee', fee(r.tofee)) + opt('floating', r.floating) + opt('delay', r.delay);
  const tail = opt('param', params(r)) + `<minamount>${x(r.min)}</minamount>\n<maxamount>${x(r.max)}</maxamount>\n`
    + opt('minfee', r.minfee) + '</item>\n';
  return perCity(r, head, tail);
}

function core(r: PublishedRate): string {
  return `<from>${x(r.from)}</from>\n<to>${x(r.to)}</to>\n<in>${x(r.in)}</in>\n<out>${x(r.out)}</out>\n<amount>${x(r.amount)}</amount>\n`;
}

/** One item per city (cash directions), the same item otherwise. */
function perCity(r: PublishedRate, head: string, tail: string): string {
  if (r.city.length === 0) return head + tail;
  let items = '';
  for (const city of r.city) items += head + opt('city', city) + tail;
  return items;
}

function opt(name: string, value: string | undefined): string {
  return value === undefined || value === '' ? '' : `<${name}>${x(value)}</${name}>\n`;
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

/** Every value goes through here, whatever upstream validation promised. */
function escapeXml(text: string): string {
  return XML_UNSAFE.test(text) ? text.replace(XML_UNSAFE_ALL, (c) => XML_ENTITIES[c] ?? '') : text;
}

const x = escapeXml;
