// Premium Exchanger 2.7's TXT layout (docs/research/export-formats.md §4.1): `FROM;TO;IN;OUT;AMOUNT;CITY;`
// and LF, one line per direction and per city, no header, no quoting.
import type { PublishedRate } from './types.js';

export function renderTxt(items: readonly PublishedRate[]): string {
  let body = '';
  for (const r of items) {
    const head = `${field(r.from)};${field(r.to)};${r.in};${r.out};${r.amount};`;
    if (r.city.length === 0) body += `${head};\n`;
    else for (const city of r.city) body += `${head}${field(city)};\n`;
  }
  return body;
}

/** The format has no escaping: a separator or line break inside a value is dropped. */
function field(text: string): string {
  return /[;\r\n]/.test(text) ? text.replace(/[;\r\n]/g, '') : text;
}
