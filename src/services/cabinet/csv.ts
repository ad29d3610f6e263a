// CSV for the cabinet's downloads (RFC 4180, CRLF, a UTF-8 BOM so spreadsheets read Cyrillic).
// Text a partner or a visitor wrote (referrers, queries, accounts) could start a spreadsheet
// formula: such cells are prefixed with ' (OWASP "CSV injection").
export type Cell = string | number | null;

const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function cell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
