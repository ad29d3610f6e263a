// Calendar days of a time zone as spans of unix seconds, for figures kept per hour: an hour
// belongs to the local day its start falls in, which is exact for every whole-hour zone.
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
  const key = `${timeZone}|${utcMidnight}`;
  let start = starts.get(key);
  if (start === undefined) {
    const guess = utcMidnight - offsetAt(utcMidnight, timeZone);
    start = utcMidnight - offsetAt(guess, timeZone);
    if (starts.size >= MAX_REMEMBERED) starts.clear();
    starts.set(key, start);
  }
  return start;
}

/** Day starts found so far, per zone and day (bounded: ~30 years of days in a few zones). */
const starts = new Map<string, number>();
const MAX_REMEMBERED = 50_000;

export interface LocalDay {
  day: string;
  /** First and last second of the day inside the period (inclusive). */
  from: number;
  to: number;
}

/** Every local day that [from, to] touches, clipped to the period, oldest first. */
export function localDays(from: number, to: number, timeZone: string): LocalDay[] {
  if (to < from) return [];
  const [y, mo, d] = wallClock(from, timeZone) as [number, number, number];
  let label = Date.UTC(y, mo - 1, d) / 1000;
  let start = localStart(label, timeZone);
  const days: LocalDay[] = [];
  while (start <= to) {
    const nextLabel = label + 86_400;
    const nextStart = localStart(nextLabel, timeZone);
    days.push({ day: dayText(label), from: Math.max(start, from), to: Math.min(nextStart - 1, to) });
    label = nextLabel;
    start = nextStart;
  }
  return days;
}
