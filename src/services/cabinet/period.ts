// The dashboard's and the reports' periods: presets counted in whole local days of the
// operator's time zone (today, 7, 30, 365 days, ending now), or custom dates YYYY-MM-DD.
import { localDays } from '../reports/local-days.js';

export const PRESETS = ['today', '7d', '30d', '365d'] as const;
export type Preset = (typeof PRESETS)[number];
const PRESET_DAYS: Record<Preset, number> = { today: 1, '7d': 7, '30d': 30, '365d': 365 };
export const MAX_CUSTOM_DAYS = 3 * 366;

export interface ChosenPeriod {
  kind: Preset | 'custom';
  from: number;
  to: number;
  /** Local dates of the first and last day, YYYY-MM-DD. */
  fromDay: string;
  toDay: string;
}

export interface PeriodQuery { period?: string; from?: string; to?: string }

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The chosen period, or null when custom dates are malformed, reversed or too far apart. */
export function choosePeriod(query: PeriodQuery, now: number, timeZone: string, fallback: Preset = '30d'): ChosenPeriod | null {
  if (query.period === 'custom' || (query.period === undefined && (query.from || query.to))) return customPeriod(query.from, query.to, timeZone);
  const preset = (PRESETS as readonly string[]).includes(query.period ?? '') ? query.period as Preset : fallback;
  const n = PRESET_DAYS[preset];
  const days = localDays(now - (n + 1) * 86_400, now, timeZone);
  const first = days[days.length - n]!;
  return { kind: preset, from: first.from, to: now, fromDay: first.day, toDay: days.at(-1)!.day };
}

function customPeriod(fromText: string | undefined, toText: string | undefined, timeZone: string): ChosenPeriod | null {
  if (!fromText || !toText || !DAY.test(fromText) || !DAY.test(toText)) return null;
  const a = Date.parse(`${fromText}T00:00:00Z`) / 1000;
  const b = Date.parse(`${toText}T00:00:00Z`) / 1000;
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a || (b - a) / 86_400 >= MAX_CUSTOM_DAYS) return null;
  if (new Date(a * 1000).toISOString().slice(0, 10) !== fromText || new Date(b * 1000).toISOString().slice(0, 10) !== toText) return null;
  const days = localDays(a - 2 * 86_400, b + 3 * 86_400, timeZone);
  const first = days.find((d) => d.day === fromText);
  const last = days.find((d) => d.day === toText);
  if (!first || !last) return null;
  return { kind: 'custom', from: first.from, to: last.to, fromDay: fromText, toDay: toText };
}

/** The query string that selects this period again (links, CSV). */
export function periodQuery(p: ChosenPeriod): string {
  return p.kind === 'custom' ? `period=custom&from=${p.fromDay}&to=${p.toDay}` : `period=${p.kind}`;
}
