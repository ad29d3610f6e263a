// The cabinet's languages: the message files, the choice from a cookie or Accept-Language,
// and formatting of numbers and dates for the language (Intl).
import { en, type MessageKey, type Messages } from './en.js';
import { ru } from './ru.js';

export type { MessageKey };
export const LANGS = ['en', 'ru'] as const;
export type Lang = (typeof LANGS)[number];
const MESSAGES: Record<Lang, Messages> = { en, ru };
const LOCALES: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU' };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** The remembered choice, else the first supported language of Accept-Language, else English. */
export function pickLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(cookie)) return cookie;
  const ranked = (acceptLanguage ?? '').split(',').map((part, i) => {
    const [tag, ...params] = part.trim().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
    return { lang: tag!.toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, i };
  }).filter((x) => x.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.lang).find(isLang) ?? 'en';
}

export interface Translator {
  lang: Lang;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** A ledger amount (a decimal string) with the language's separators, up to 8 decimals. */
  money(amount: string): string;
  count(n: number): string;
  /** A percentage given as a decimal string ("33.33"), as the language writes one: 33.33% / 33,33 %. */
  percent(value: string): string;
  /** Unix seconds as a date and time in the operator's time zone, the zone named. */
  dateTime(unixSeconds: number): string;
}

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(key: string, make: () => T): T {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as T;
}

// `{n, plural, one {# attempt} other {# attempts}}` (the ICU form translators know): the form
// the language uses for n (Intl.PluralRules: Russian has one, few and many), # is n formatted.
const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g;

function fill(message: string, values: Record<string, string | number>, locale: string): string {
  return message
    .replace(PLURAL, (whole, name: string, forms: string) => {
      const n = values[name];
      if (typeof n !== 'number') return whole;
      const byCategory = new Map([...forms.matchAll(/(\w+) \{([^{}]*)\}/g)].map(([, category, text]) => [category!, text!]));
      const category = cached(`p:${locale}`, () => new Intl.PluralRules(locale)).select(n);
      const form = byCategory.get(category) ?? byCategory.get('other') ?? whole;
      return form.replace(/#/g, cached(`c:${locale}`, () => new Intl.NumberFormat(locale)).format(n));
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function translator(lang: Lang, timeZone: string): Translator {
  const messages = MESSAGES[lang];
  const locale = LOCALES[lang];
  const t: Translator['t'] = (key, values) => values === undefined ? messages[key] : fill(messages[key], values, locale);
  // Intl formats a numeric string exactly (no float rounding past 2^53).
  const money = (amount: string) => cached(`m:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 8 }))
    .format(amount as unknown as number);
  return {
    lang,
    t,
    money,
    percent: (value) => t('percent_value', { n: money(value) }),
    count: (n) => cached(`c:${locale}`, () => new Intl.NumberFormat(locale)).format(n),
    // With the zone ("1 мар. 2026 г., 15:34 GMT+3"): the operator's zone is not the partner's.
    dateTime: (s) => cached(`d:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(locale, {
      timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
    })).format(new Date(s * 1000)),
  };
}
