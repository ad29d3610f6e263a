// An amount a partner types on a cabinet page, read the way that page writes amounts
// (Intl: "1,234.5" in English, «1 234,5» in Russian), so that a balance copied from the page
// means what it says: English "1,000" is a thousand, not 1.
import type { Lang } from '../../messages/index.js';

/** The amount as a plain decimal text ("1234.5") for the ledger's parser, which judges the rest. */
export function typedAmount(text: string, lang: Lang): string {
  // Any space is a group separator: Intl writes U+00A0 or U+202F in Russian.
  const compact = text.replace(/[\s\u00a0\u202f\u2009]/g, '');
  if (lang === 'en' && /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(compact)) return compact.replace(/,/g, '');
  // Otherwise one comma is the decimal point: Russian's, and the habit of many English writers.
  return /^[^,]*,[^,.]*$/.test(compact) ? compact.replace(',', '.') : compact;
}
