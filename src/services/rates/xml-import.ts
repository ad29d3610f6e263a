// Reads a BestChange rates XML (classic or EREF 1.1 names, as Premium Exchanger and other
// engines export it) into direction inputs. The document is untrusted: checked for
// well-formedness, parsed without DTD processing, and every item checked before use.
// The values themselves are validated afterwards by the same rules as the JSON API.
// Section numbers (§) below are those of docs/research/export-formats.md.
import type { XMLParser as Parser, validationOptions } from 'fast-xml-parser';
import { ValidationError } from '../../errors.js';

export interface ImportedDirection {
  /** 1-based position of the (first) <item>, for error messages. */
  item: number;
  input: Record<string, unknown>;
}

const MAX_ITEMS = 20_000;
/** A full BestChange export of MAX_ITEMS items fits; a document is refused before parsing beyond it. */
export const MAX_XML_BYTES = 8 * 1024 * 1024;
/** <rates><item><fromfee> is 3 deep; nothing legitimate nests further than a few levels. */
const MAX_DEPTH = 8;
const TEXT = '#text';
const ATTR = '@_';
const MULTI = new Set(['item', 'minamount', 'frommin', 'maxamount', 'frommax', 'fromfee', 'tofee', 'minfee', 'city', 'param']);
const DERIVED = new Set(['tomin', 'tomax']); // recomputed from frommin/frommax and the rate
const FLAG = /^[a-z0-9_]{1,32}$/;

// The parser loads with the first import, not with the server: it is a fifth of what the
// server would otherwise load at start, for an admin call some operators never make.
let xml: Promise<{ parser: Parser; validate: (text: string, options?: Partial<validationOptions>) => true | { err: { msg: string; line: number } } }> | null = null;
function loadParser() {
  xml ??= import('fast-xml-parser').then(({ XMLParser, XMLValidator }) => ({
    parser: new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: ATTR,
      textNodeName: TEXT,
      parseTagValue: false, // numbers stay text: never through a float
      parseAttributeValue: false,
      trimValues: true,
      processEntities: true,
      isArray: (name) => MULTI.has(name),
    }),
    validate: (text: string) => XMLValidator.validate(text) as true | { err: { msg: string; line: number } },
  }));
  return xml;
}

export async function parseRatesXml(xml: string): Promise<ImportedDirection[]> {
  // No DTD at all: nothing legitimate needs one, and entity expansion is an attack surface.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new ValidationError('XML', 'DOCTYPE and ENTITY declarations are not accepted');
  checkBounds(xml);
  const doc = parseChecked(xml, await loadParser());
  const rates = doc.rates;
  if (rates === undefined) throw new ValidationError('XML', 'the root element must be <rates>');
  const items = typeof rates === 'object' && rates !== null ? (rates as Record<string, unknown>).item ?? [] : [];
  if (!Array.isArray(items)) throw new ValidationError('XML', 'expected <item> elements inside <rates>');
  if (items.length > MAX_ITEMS) throw new ValidationError('XML', `at most ${MAX_ITEMS} items`);
  return mergeCities(items.map((item, i) => ({ item: i + 1, input: readItem(item, i + 1) })));
}

/**
 * The limits, checked in one linear scan before the parser sees the document: its size, its
 * number of items and its depth. Parsing costs far more than the scan (a 16 MiB document held
 * the event loop for seconds), and a deep nesting would overflow the parser's stack.
 */
function checkBounds(xml: string): void {
  if (Buffer.byteLength(xml) > MAX_XML_BYTES) throw new ValidationError('XML', `at most ${MAX_XML_BYTES / 1024 / 1024} MiB`);
  let items = 0;
  let depth = 0;
  for (const [, close, name, selfClosing] of xml.matchAll(/<(\/?)([A-Za-z_][^\s/>]*)[^>]*?(\/?)>/g)) {
    if (close) depth--;
    else if (!selfClosing) depth++;
    if (depth > MAX_DEPTH) throw new ValidationError('XML', `elements nested deeper than ${MAX_DEPTH} levels`);
    if (!close && name === 'item' && ++items > MAX_ITEMS) throw new ValidationError('XML', `at most ${MAX_ITEMS} items`);
  }
}

/** Well-formedness, then the parse; whatever the parser objects to is a 400 naming it. */
function parseChecked(xml: string, { parser, validate }: Awaited<ReturnType<typeof loadParser>>): Record<string, unknown> {
  const check = validate(xml);
  if (check !== true) throw new ValidationError('XML', `${check.err.msg} (line ${check.err.line})`);
  try {
    return parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new ValidationError('XML', error instanceof Error ? error.message.slice(0, 200) : 'unreadable document');
  }
}

function readItem(raw: unknown, n: number): Record<string, unknown> {
  const fail = (field: string, detail: string): never => {
    throw new ValidationError(`item ${n}${field ? ` <${field}>` : ''}`, detail);
  };
  if (typeof raw !== 'object' || raw === null) fail('', 'expected elements from, to, in, out, amount...');
  const item = raw as Record<string, unknown>;
  const input: Record<string, unknown> = { param: [] as string[] };
  const param = input.param as string[];
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(ATTR)) continue;
    const values = Array.isArray(value) ? value : [value];
    switch (name) {
      case 'from': case 'to': case 'in': case 'out': case 'amount': case 'delay':
        input[name] = text(values[0], name, fail);
        break;
      case 'minamount': case 'frommin':
        input.minamount = pick([input.minamount, ...values.map((v) => amount(v, name, fail))], 'max');
        break;
      case 'maxamount': case 'frommax':
        input.maxamount = pick([input.maxamount, ...values.map((v) => amount(v, name, fail))], 'min');
        break;
      case 'minfee':
        input.minfee = amount(values[0], name, fail);
        break;
      case 'fromfee': case 'tofee':
        input[name] = fee(values, name, fail);
        break;
      case 'floating':
        input.floating = floating(values[0], fail);
        break;
      case 'param':
        for (const v of values) param.push(...text(v, name, fail).split(',').map((s) => s.trim()).filter(Boolean));
        break;
      case 'city':
        input.city = values.map((v) => text(v, name, fail));
        break;
      case 'step':
        fail(name, 'amount-based rate bands are not supported');
        break;
      default:
        if (DERIVED.has(name)) break;
        // EREF 1.1 flags: <manual/> or <manual>true</manual> (§1.3).
        if (FLAG.test(name) && values.every((v) => v === '' || v === 'true' || v === '1')) param.push(name);
        else if (!(FLAG.test(name) && values.every((v) => v === 'false' || v === '0'))) fail(name, 'unknown element');
    }
  }
  return input;
}

function text(value: unknown, field: string, fail: (f: string, d: string) => never): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[TEXT] === 'string') {
    return (value as Record<string, string>)[TEXT];
  }
  return fail(field, 'expected text');
}

/** Premium's classic XML may write limits as "20 USD": the unit is always the from-currency. */
function amount(value: unknown, field: string, fail: (f: string, d: string) => never): string {
  return text(value, field, fail).replace(/\s+[A-Z][A-Z0-9_]{1,49}$/, '');
}

/**
 * "10", "0.5%", "0.5 %", "2.15 EUR" (old wiki), or 1.1's <fromfee type="%">1</fromfee>. Two fees
 * on one side (1.1 repeats the element, Premium's classic XML writes "1 USD, 0.5 %") have no
 * stored form, and dropping one would publish less than the exchanger charges: refused.
 */
function fee(values: unknown[], field: string, fail: (f: string, d: string) => never): string {
  const value = values[0];
  if (values.length > 1 || text(value, field, fail).includes(',')) {
    fail(field, 'several fees on one side (fixed and percent) are not supported: combine them into one');
  }
  const type = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[`${ATTR}type`] : undefined;
  const body = amount(value, field, fail).replace(/\s+%$/, '%');
  return type === '%' && !body.endsWith('%') ? `${body}%` : body;
}

/** `<floating>30</floating>`, or Premium's `<floating minutes="30" percent="1"/>` (minutes win). */
function floating(value: unknown, fail: (f: string, d: string) => never): string {
  if (typeof value === 'object' && value !== null) {
    const attrs = value as Record<string, unknown>;
    if (typeof attrs[`${ATTR}minutes`] === 'string') return attrs[`${ATTR}minutes`] as string;
    if (typeof attrs[`${ATTR}percent`] === 'string') return `${attrs[`${ATTR}percent`] as string}%`;
  }
  return text(value, 'floating', fail);
}

/** Several limits of one kind: BestChange asks for the largest minimum and the smallest maximum. */
function pick(values: unknown[], which: 'min' | 'max'): string | undefined {
  const numbers = values.filter((v): v is string => typeof v === 'string');
  if (numbers.length <= 1) return numbers[0];
  // Compared exactly later by the validator; here only well-formed decimals can win.
  const valid = numbers.filter((v) => /^\d+(\.\d+)?$/.test(v));
  if (valid.length < numbers.length) return numbers.find((v) => !valid.includes(v));
  return valid.reduce((a, b) => ((compare(a, b) > 0) === (which === 'max') ? a : b));
}

function compare(a: string, b: string): number {
  const [ai, af = ''] = a.replace(/^0+(?=\d)/, '').split('.');
  const [bi, bf = ''] = b.replace(/^0+(?=\d)/, '').split('.');
  if (ai.length !== bi.length) return ai.length - bi.length;
  const w = Math.max(af.length, bf.length);
  const x = ai + af.padEnd(w, '0');
  const y = bi + bf.padEnd(w, '0');
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Engines write one <item> per city (§1.5); we store one direction with a city list. */
function mergeCities(items: ImportedDirection[]): ImportedDirection[] {
  const byPair = new Map<string, ImportedDirection>();
  const merged: ImportedDirection[] = [];
  for (const entry of items) {
    const { city, ...rest } = entry.input;
    if (typeof rest.from !== 'string' || typeof rest.to !== 'string') {
      merged.push(entry); // reported by the validator
      continue;
    }
    const key = `${rest.from.trim().toUpperCase()}-${rest.to.trim().toUpperCase()}`;
    const first = byPair.get(key);
    if (!first) {
      byPair.set(key, entry);
      merged.push(entry);
      continue;
    }
    const { city: firstCity, ...firstRest } = first.input;
    if (!city || !firstCity || JSON.stringify(rest) !== JSON.stringify(firstRest)) {
      throw new ValidationError(`item ${entry.item}`, `repeats ${key} of item ${first.item}; only the <city> may differ between items of one direction`);
    }
    first.input.city = [...(firstCity as string[]), ...(city as string[])];
  }
  return merged;
}
