// Engine-neutral helpers of the partner figures (src/db/*/repos/partner-figures.ts).
import type { DayFigureRow, Figures, HourFigures, KeyFigures, LedgerKind, OffsetSpan } from './rows.js';

/**
 * The ledger kinds that make up what a partner earned: rewards − reversals + adjustments, and the
 * second-tier shares of its sub-partners' rewards and their reversals (migration 0009 backfills them).
 */
export const EARNING_KINDS: readonly LedgerKind[] = ['reward', 'reversal', 'adjustment', 'reward_tier2', 'reversal_tier2'];

/** One row per hour, oldest first, from the per-hour counts of each table. */
export function mergeHours(
  clickHours: { hour: number; clicks: number }[],
  exchangeHours: { hour: number; exchanges: number; successful: number }[],
  ledgerHours: { hour: number; earned: bigint }[],
): HourFigures[] {
  const hours = new Map<number, HourFigures>();
  const at = (hour: number) => {
    let row = hours.get(hour);
    if (!row) hours.set(hour, row = { hour, clicks: 0, exchanges: 0, successful: 0, earned: 0n });
    return row;
  };
  for (const c of clickHours) at(c.hour).clicks += c.clicks;
  for (const e of exchangeHours) { const row = at(e.hour); row.exchanges += e.exchanges; row.successful += e.successful; }
  for (const l of ledgerHours) at(l.hour).earned += l.earned;
  return [...hours.values()].sort((a, b) => a.hour - b.hour);
}

/** An addition to one partner-hour of partner_hours. */
export interface HourDelta {
  partnerId: number;
  hour: number;
  clicks: number;
  exchanges: number;
  successful: number;
  earned: bigint;
}

export const hourOf = (time: number): number => Math.floor(time / 3600) * 3600;
export const dayOf = (time: number): number => Math.floor(time / 86_400) * 86_400;

/** An addition to one partner-day of partner_days (`day`: the start of the UTC day). */
export type DayDelta = Omit<HourDelta, 'hour'> & { day: number };

/** The hours' additions summed per UTC day, non-zero ones in (partner, day) order (the lock order). */
export function dayDeltas(hours: HourDelta[]): DayDelta[] {
  const days = new HourDeltas();
  // A day's start is a whole hour: HourDeltas keys it as it is.
  for (const { partnerId, hour, ...change } of hours) days.add(partnerId, dayOf(hour), change);
  return days.list().map(({ hour, ...figures }) => ({ ...figures, day: hour }));
}

/** Additions gathered over one write (a click batch, an exchange change), one per partner-hour. */
export class HourDeltas {
  private readonly byKey = new Map<string, HourDelta>();

  add(partnerId: number | null | undefined, time: number, change: Partial<Omit<HourDelta, 'partnerId' | 'hour'>>): void {
    if (partnerId == null) return;
    const hour = hourOf(time);
    const key = `${partnerId}:${hour}`;
    let delta = this.byKey.get(key);
    if (!delta) this.byKey.set(key, delta = { partnerId, hour, clicks: 0, exchanges: 0, successful: 0, earned: 0n });
    delta.clicks += change.clicks ?? 0;
    delta.exchanges += change.exchanges ?? 0;
    delta.successful += change.successful ?? 0;
    delta.earned += change.earned ?? 0n;
  }

  /** An exchange leaves its old figures (if any) and takes its new ones (if any). */
  moveExchange(old: ExchangeFigureInput | null, next: ExchangeFigureInput | null): void {
    if (old) this.add(old.partnerId, old.time, { exchanges: -1, successful: old.status === 'success' ? -1 : 0 });
    if (next) this.add(next.partnerId, next.time, { exchanges: 1, successful: next.status === 'success' ? 1 : 0 });
  }

  /** The non-zero additions in key order (writers lock rows in one order: no deadlocks). */
  list(): HourDelta[] {
    return [...this.byKey.values()]
      .filter((d) => d.clicks !== 0 || d.exchanges !== 0 || d.successful !== 0 || d.earned !== 0n)
      .sort((a, b) => a.partnerId - b.partnerId || a.hour - b.hour);
  }
}

export interface ExchangeFigureInput {
  partnerId: number | null;
  time: number;
  status: string;
}

export const isEarning = (kind: string): boolean => (EARNING_KINDS as readonly string[]).includes(kind);

/** Bounds past any stored time: a period is clamped to them before it is split into hours. */
const EARLIEST = 0;
const LATEST = 2 ** 42;

/** [from, to] as whole hours (hour starts first..last, or null) and the partial edges to count from the rows. */
export function splitPeriod(from: number, to: number): { hours: { first: number; last: number } | null; edges: [number, number][] } {
  const { whole, edges } = splitInto(from, to, 3600);
  return { hours: whole, edges };
}

/**
 * [from, to] in the parts each is cheapest to read from: its whole UTC days (day starts
 * first..last, or null: partner_days), the whole hours of its partial days (hour starts, at most
 * two ranges: partner_hours), and its partial hours (at most two [from, to]: the rows).
 */
export function periodParts(from: number, to: number): { days: [number, number] | null; hours: [number, number][]; rows: [number, number][] } {
  const { whole, edges: partialDays } = splitInto(from, to, 86_400);
  const hours: [number, number][] = [];
  const rows: [number, number][] = [];
  for (const [partFrom, partTo] of partialDays) {
    const split = splitPeriod(partFrom, partTo);
    if (split.hours) hours.push([split.hours.first, split.hours.last]);
    rows.push(...split.edges);
  }
  return { days: whole && [whole.first, whole.last], hours, rows };
}

/** [from, to] as whole units of `size` seconds (their starts first..last, or null) and the partial edges. */
function splitInto(from: number, to: number, size: number): { whole: { first: number; last: number } | null; edges: [number, number][] } {
  from = Math.max(from, EARLIEST);
  to = Math.min(to, LATEST);
  if (to < from) return { whole: null, edges: [] };
  const first = Math.ceil(from / size) * size;
  const last = Math.floor((to + 1) / size) * size - size;
  if (last < first) return { whole: null, edges: [[from, to]] };
  const edges: [number, number][] = [];
  if (from < first) edges.push([from, first - 1]);
  if (last + size - 1 < to) edges.push([last + size, to]);
  return { whole: { first, last }, edges };
}

export function addFigures(a: Figures, b: Figures): Figures {
  return { clicks: a.clicks + b.clicks, exchanges: a.exchanges + b.exchanges, successful: a.successful + b.successful, earned: a.earned + b.earned };
}

export function subtractFigures(a: Figures, b: Figures): Figures {
  return { clicks: a.clicks - b.clicks, exchanges: a.exchanges - b.exchanges, successful: a.successful - b.successful, earned: a.earned - b.earned };
}

export const NO_FIGURES: Figures = { clicks: 0, exchanges: 0, successful: 0, earned: 0n };

/** One row per key from the clicks' and the exchanges' counts per key. */
export function mergeKeys(
  clickKeys: { key: string | null; clicks: number }[],
  exchangeKeys: { key: string | null; exchanges: number; successful: number; earned: bigint }[],
): KeyFigures[] {
  const keys = new Map<string | null, KeyFigures>();
  const at = (key: string | null) => {
    let row = keys.get(key);
    if (!row) keys.set(key, row = { key, clicks: 0, exchanges: 0, successful: 0, earned: 0n });
    return row;
  };
  for (const c of clickKeys) at(c.key).clicks += c.clicks;
  for (const e of exchangeKeys) Object.assign(at(e.key), { exchanges: e.exchanges, successful: e.successful, earned: e.earned });
  return [...keys.values()];
}

/** Where a day's figures come from: kept days, hours grouped by the database, rows counted. */
export interface DaySources {
  /** partner_days between two UTC day starts (inclusive), as day numbers. */
  wholeDays: (first: number, last: number) => Promise<DayFigureRow[]>;
  /** partner_hours between two hour starts grouped into days by floor((hour + offset) / 86400). */
  wholeHours: (first: number, last: number, offset: number) => Promise<DayFigureRow[]>;
  /** The rows of a partial hour, per hour. */
  edgeHours: (from: number, to: number) => Promise<HourFigures[]>;
}

/**
 * The days of the spans. A UTC span's whole days are read from partner_days (a year is 365
 * rows); other spans, and a UTC span's partial days at its ends, group whole hours into days in
 * the database (one query per span) and count the partial hours at the edges from the rows
 * (`edgeHours`), each by floor((hour + offset) / 86400).
 */
export async function daysOfSpans(spans: OffsetSpan[], sources: DaySources): Promise<DayFigureRow[]> {
  const days = new Map<number, DayFigureRow>();
  const add = (row: DayFigureRow) => {
    const day = days.get(row.day);
    days.set(row.day, day ? { day: row.day, ...addFigures(day, row) } : row);
  };
  for (const span of spans) {
    const { whole, edges: partialDays } = span.offset === 0 ? splitInto(span.from, span.to, 86_400) : { whole: null, edges: [[span.from, span.to]] };
    if (whole) for (const row of await sources.wholeDays(whole.first, whole.last)) add(row);
    for (const [partFrom, partTo] of partialDays) {
      const { hours, edges } = splitPeriod(partFrom, partTo);
      if (hours) for (const row of await sources.wholeHours(hours.first, hours.last, span.offset)) add(row);
      for (const [from, to] of edges) {
        // An hour cut by the span's start counts from the start.
        for (const { hour, ...figures } of await sources.edgeHours(from, to)) add({ day: Math.floor((Math.max(hour, from) + span.offset) / 86_400), ...figures });
      }
    }
  }
  return [...days.values()].sort((a, b) => a.day - b.day);
}
