// A report's period from `from` and `to` (unix seconds, inclusive): default the 30 days up to now.
import { ApiValidationError } from '../../errors.js';
import type { Period } from '../../services/reports/summary.js';

const DAY = 86_400;
/** The longest period one request may ask for: its cost is bounded by this, not by the caller. */
export const MAX_PERIOD_DAYS = 3 * 366;

export function periodOf(query: { from?: number; to?: number }, now: number): Period {
  const to = query.to ?? now;
  const from = query.from ?? to - 30 * DAY + 1;
  if (from > to) throw Object.assign(new ApiValidationError(), { errors: { from: ['Must not be after `to`.'] } });
  if (to - from > MAX_PERIOD_DAYS * DAY) throw Object.assign(new ApiValidationError(), { errors: { from: [`The period may span at most ${MAX_PERIOD_DAYS} days.`] } });
  return { from, to };
}
