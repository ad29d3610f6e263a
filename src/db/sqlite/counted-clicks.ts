// "Counted click", said once: not a bot and not a repeat of the same visitor on the same link
// within the dedupe window. Bots and repeats are kept in the ledger but never counted or shown.
import { and, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { clicks } from './schema.js';

// Literal zeros, not bound parameters: SQLite uses the partial index clicks_partner_counted_idx
// only when the query states its condition as written.
export const isCountedClick: SQL = sql`${clicks.isBot} = 0 and ${clicks.isRepeat} = 0`;

/** The counted clicks of one partner (a number, or a placeholder of a prepared statement). */
export function countedClicksOf(partnerId: number | Placeholder): SQL {
  return and(eq(clicks.partnerId, partnerId as number), isCountedClick)!;
}
