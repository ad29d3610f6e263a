// An exchange's ledger entries as a list, for both engines' exchange repositories.
import type { ExchangeEntries, ExchangeEntry } from './repos.js';

export function entriesOf(entries: ExchangeEntries): ExchangeEntry[] {
  return entries === null ? [] : Array.isArray(entries) ? entries : [entries];
}
