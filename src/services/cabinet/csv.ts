// The cabinet's downloads: the CSV of the REST API's reports (src/export/csv.ts: RFC 4180,
// formula cells quoted and prefixed) behind a UTF-8 BOM, so that spreadsheets read Cyrillic.
import { csvOfRows } from '../../export/csv.js';

export type Cell = string | number | null;

export function toCsv(header: string[], rows: Cell[][]): string {
  return `\uFEFF${csvOfRows(header, rows)}`;
}
