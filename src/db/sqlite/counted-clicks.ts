// "Counted click", said once: not a bot and not a repeat of the same visitor on the same link
// within the dedupe window. Bots and repeats are kept in the ledger but never counted or shown.
import { and, eq, type Placeholder, type SQL } from 'drizzle-orm';
import { clicks } from './schema.js';

export const isCountedClick: SQL = and(eq(clicks.isBot, false), eq(clicks.isRepeat, false))!;

/** The counted clicks of one partner (a number, or a placeholder of a prepared statement). */
export function countedClicksOf(partnerId: number | Placeholder): SQL {
  return and(eq(clicks.partnerId, partnerId as number), isCountedClick)!;
}
