// "Counted click", said once (as src/db/sqlite/counted-clicks.ts): not a bot and not a repeat of
// the same visitor on the same link within the dedupe window. Bots and repeats are kept in the
// ledger but never counted or shown.
import { and, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { clicks } from './schema.js';

// Written as literals, as the partial index clicks_partner_counted_idx states its condition, so
// that the planner can use the index whatever plan it caches.
export const isCountedClick: SQL = sql`${clicks.isBot} = false and ${clicks.isRepeat} = false`;

/** The counted clicks of one partner (a number, or a placeholder of a prepared statement). */
export function countedClicksOf(partnerId: number | Placeholder): SQL {
  return and(eq(clicks.partnerId, partnerId as number), isCountedClick)!;
}
