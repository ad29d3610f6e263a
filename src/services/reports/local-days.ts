// Calendar days of a time zone as spans of unix seconds, for figures kept per hour: an hour
// belongs to the local day its start falls in, which is exact for every whole-hour zone.
import type { OffsetSpan } from '../../db/repos.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The local wall clock at `at` (unix seconds) as [year, month, day, hour, minute, second]. */
function wallClock(at: number, timeZone: string): number[] {
  const parts = formatFor(timeZone).formatToParts(new Date(at * 1000));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

/** Seconds the zone is ahead of UTC at `at`. */
function offsetAt(at: number, timeZone: string): number {
  const [y, mo, d, h, mi, s] = wallClock(at, timeZone) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - at;
}

/** YYYY-MM-DD of a UTC midnight (seconds). */
function dayText(utcMidnight: number): string {
  return new Date(utcMidnight * 1000).toISOString().slice(0, 10);
}

/** The unix second at which the local day whose UTC-midnight label is `utcMidnight` starts. */
function localStart(utcMidnight: number, timeZone: string): number {
  if (timeZone === 'UTC') return utcMidnight;
  // A zone's rules do not change while the process runs, so a day's start, once found, holds:
  // a year of days then costs 365 lookups instead of 1,460 Intl.formatToParts calls (~6 ms).
  const starts = startsOf(timeZone);
  let start = starts.get(utcMidnight);
  if (start === undefined) {
    const guess = utcMidnight - offsetAt(utcMidnight, timeZone);
    start = utcMidnight - offsetAt(guess, timeZone);
    if (starts.size >= MAX_REMEMBERED) starts.clear();
    starts.set(utcMidnight, start);
  }
  return start;
}

/** Day starts found so far, per zone and day (bounded: ~30 years of days per zone). */
const startsByZone = new Map<string, Map<number, number>>();
const MAX_REMEMBERED = 10_000;

function startsOf(timeZone: string): Map<number, number> {
  let starts = startsByZone.get(timeZone);
  if (!starts) startsByZone.set(timeZone, starts = new Map());
  return starts;
}

/** The label (UTC midnight of the local date) of the local day `at` falls in. */
function labelOf(at: number, timeZone: string): number {
  if (timeZone === 'UTC') return Math.floor(at / 86_400) * 86_400;
  // The day whose start is at or before `at` and whose next start is after it, from a guess
  // (at + the offset of its own day's start): no Intl call once the days are known.
  let label = Math.floor(at / 86_400) * 86_400;
  while (localStart(label, timeZone) > at) label -= 86_400;
  while (localStart(label + 86_400, timeZone) <= at) label += 86_400;
  return label;
}

export interface LocalDay {
  day: string;
  /** The local date as days since 1970-01-01 (DayFigureRow.day). */
  number: number;
  /** First and last second of the day inside the period (inclusive). */
  from: number;
  to: number;
}

/** Every local day that [from, to] touches, clipped to the period, oldest first. */
export function localDays(from: number, to: number, timeZone: string): LocalDay[] {
  if (to < from) return [];
  let label = labelOf(from, timeZone);
  let start = localStart(label, timeZone);
  const days: LocalDay[] = [];
  while (start <= to) {
    const nextLabel = label + 86_400;
    const nextStart = localStart(nextLabel, timeZone);
    days.push({ day: dayText(label), number: label / 86_400, from: Math.max(start, from), to: Math.min(nextStart - 1, to) });
    label = nextLabel;
    start = nextStart;
  }
  return days;
}


/**
 * [from, to] cut where the zone's offset changes (DST), so that within each span the local
 * day of an instant t is floor((t + offset) / 86400): the databases group hours into days with
 * that, one query per span (a year of a DST zone: three). An offset is read at each local
 * midnight (remembered, see localStart); a change is then found to the second.
 */
export function offsetSpans(from: number, to: number, timeZone: string): OffsetSpan[] {
  if (to < from) return [];
  if (timeZone === 'UTC') return [{ from, to, offset: 0 }];
  const spans: OffsetSpan[] = [];
  let spanFrom = from;
  let label = labelOf(from, timeZone);
  let start = localStart(label, timeZone);
  let offset = label - start; // at local midnight the wall clock reads the day's label
  for (; start <= to; label += 86_400) {
    const next = localStart(label + 86_400, timeZone);
    const nextOffset = label + 86_400 - next;
    if (nextOffset !== offset) {
      const change = firstSecondWith(start, next, offset, timeZone);
      if (change > to) break;
      if (change > spanFrom) {
        spans.push({ from: spanFrom, to: change - 1, offset });
        spanFrom = change;
      }
      offset = nextOffset;
    }
    start = next;
  }
  spans.push({ from: spanFrom, to, offset });
  return spans;
}

/** The first second of (lo, hi] whose offset is no longer `offset` (there is one: hi's differs). */
function firstSecondWith(lo: number, hi: number, offset: number, timeZone: string): number {
  const key = `${timeZone}|${lo}|${hi}`;
  let found = changes.get(key);
  if (found === undefined) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid, timeZone) === offset) lo = mid; else hi = mid;
    }
    found = hi;
    if (changes.size >= MAX_REMEMBERED) changes.clear();
    changes.set(key, found);
  }
  return found;
}

/** Offset changes found so far (two a year in a DST zone). */
const changes = new Map<string, number>();
