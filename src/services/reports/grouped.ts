// Per-day figures gathered into weeks (ISO, starting Monday) or months: the REST API's
// group_by=week|month, from the same days as group_by=day.
import { decimal, formatDecimal } from '../../money/decimal.js';
import { conversionOf, type DayFigures } from './summary.js';

export type Grouping = 'day' | 'week' | 'month';

function keyOf(day: string, grouping: Grouping): string {
  if (grouping === 'day') return day;
  if (grouping === 'month') return day.slice(0, 7);
  const date = new Date(`${day}T00:00:00Z`);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

/** Rows keyed `period` (the day, the Monday of the week, or YYYY-MM), oldest first. */
export function groupDays(days: DayFigures[], grouping: Grouping) {
  const groups = new Map<string, { period: string; clicks: number; exchanges: number; successful: number; earned: ReturnType<typeof decimal> }>();
  for (const d of days) {
    const period = keyOf(d.day, grouping);
    const g = groups.get(period) ?? { period, clicks: 0, exchanges: 0, successful: 0, earned: decimal(0) };
    g.clicks += d.clicks;
    g.exchanges += d.exchanges;
    g.successful += d.successful;
    g.earned = g.earned.plus(decimal(d.earned));
    groups.set(period, g);
  }
  return [...groups.values()].map((g) => ({
    period: g.period, clicks: g.clicks, exchanges: g.exchanges, successful: g.successful,
    earned: formatDecimal(g.earned), conversion: conversionOf(g.successful, g.clicks),
  }));
}
