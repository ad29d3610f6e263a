// CSV of a table (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a
// comma, a quote or a line break, quotes doubled. A text that a spreadsheet would run as a
// formula (starting with =, +, -, @, a tab or a carriage return) is quoted and prefixed with
// an apostrophe (OWASP "CSV Injection"); a plain number such as -12.5 stays a number.
const NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA = /^[=+\-@\t\r]/;

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
  const formula = FORMULA.test(text) && !NUMBER.test(text);
  if (formula) text = `'${text}`;
  return formula || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows under a header of `columns`, in that order. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return csvOfRows(columns, rows.map((row) => columns.map((c) => row[c])));
}

/** Rows given as arrays of cells, under `header`. */
export function csvOfRows(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
