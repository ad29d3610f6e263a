// A page at a deep offset (api.php allows 10,000) skips the newest rows of its period. Walking
// their index entries costs as much as the offset: 2 ms for 10,000 on PostgreSQL, the slowest
// line of the partner API under load (BENCHMARKS.md, issue 13). The newest whole hours and days
// are skipped by their counts in partner_hours and partner_days instead: the same transactions
// as the rows keep those exact (src/db/figures.ts). What is left to walk is less than a day.
import type { PageParams } from './filters.js';

const HOUR = 3600;
const DAY = 86_400;

/**
 * Below this offset walking costs about what reading the counts does: on PostgreSQL the counts
 * are one more round trip, the price of walking ~2,000 index entries; on SQLite, of ~200.
 */
export const DEEP_OFFSET = 1000;
/** Whole days read per page; a page deeper than that walks the rest. */
export const SKIP_DAYS = 64;

/** What an engine counts for a page: [from, to] bounds of each part, newest part first. */
export interface SkipBounds {
  /** The rows of the hour holding `to` (a partial hour): counted in the page's own index. */
  head: { from: number; to: number };
  /** Whole hours below the head, in its day: partner_hours rows with from <= hour < below. */
  hours: { from: number; below: number };
  /** Whole days below the head's day: the newest SKIP_DAYS partner_days rows with from <= day < below. */
  days: { from: number; below: number };
}

/** A part's start (an hour or a day) and its rows. */
export interface SkipUnit {
  start: number;
  rows: number;
}

/** The head's row count, the hours' and the days' as the engine read them (any order). */
export interface SkipCounts {
  head: number;
  hours: SkipUnit[];
  days: SkipUnit[];
}

export function skipBounds(page: PageParams): SkipBounds {
  const headStart = Math.floor(page.to / HOUR) * HOUR;
  const headDay = Math.floor(headStart / DAY) * DAY;
  const from = Math.max(page.from, 0);
  return {
    head: { from: Math.max(page.from, headStart), to: page.to },
    hours: { from: Math.max(headDay, ceilTo(from, HOUR)), below: headStart },
    days: { from: ceilTo(from, DAY), below: headDay },
  };
}

/**
 * The same page, its newest parts skipped: `to` lowered below them and `offset` less by their
 * rows. A part is skipped only whole, and only when every newer part was: the rows left are
 * ordered as before, so the page holds the same rows.
 */
export function afterSkipping(page: PageParams, counts: SkipCounts): PageParams {
  const bounds = skipBounds(page);
  if (counts.head > page.offset) return page;
  let skipped = counts.head;
  let below = bounds.hours.below;
  // Units missing from the tables had no rows: skipping over them is skipping nothing.
  for (const unit of [...newestFirst(counts.hours), ...newestFirst(counts.days)]) {
    if (skipped + unit.rows > page.offset) break;
    skipped += unit.rows;
    below = unit.start;
  }
  // The cursor moves down with `to` (as pageParams does): the rows left satisfy the old one, and
  // PostgreSQL starts a backward index scan at the row comparison's bound, not at `to`'s.
  return { ...page, to: below - 1, offset: page.offset - skipped, beforeTime: below - 1, beforeId: Number.MAX_SAFE_INTEGER };
}

const newestFirst = (units: SkipUnit[]) => [...units].sort((a, b) => b.start - a.start);

function ceilTo(time: number, unit: number): number {
  return Math.ceil(time / unit) * unit;
}
