// Per-day figures gathered into weeks (ISO, starting Monday) or months: the REST API's
// group_by=week|month, from the same days as group_by=day. Sums stay in units until formatted.
import type { Figures } from '../../db/repos.js';
import { addFigures } from '../../db/figures.js';
import { periodFigures, type DayTotals } from './summary.js';

export type Grouping = 'day' | 'week' | 'month';

function keyOf(day: string, grouping: Grouping): string {
  if (grouping === 'day') return day;
  if (grouping === 'month') return day.slice(0, 7);
  const date = new Date(`${day}T00:00:00Z`);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

/** Rows keyed `period` (the day, the Monday of the week, or YYYY-MM), oldest first. */
export function groupDays(days: DayTotals[], grouping: Grouping) {
  // A day is its own group: no map of sums (a year of days is on the hot path).
  if (grouping === 'day') return days.map(({ day, ...figures }) => ({ period: day, ...periodFigures(figures) }));
  const groups = new Map<string, Figures>();
  for (const { day, ...figures } of days) {
    const period = keyOf(day, grouping);
    const sum = groups.get(period);
    groups.set(period, sum ? addFigures(sum, figures) : figures);
  }
  return [...groups].map(([period, figures]) => ({ period, ...periodFigures(figures) }));
}
