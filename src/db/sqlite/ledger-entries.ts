// Ledger writes shared by the exchange, payout and ledger repositories: every balance change
// is one inserted entry plus the same change to partners.balance, in the caller's transaction.
// Amounts are bound as BigInt so that SQLite adds 64-bit integers: a JavaScript number is
// bound as a REAL, and `balance + ?` in floating point drifts once the balance passes 2^53.
import { and, between, eq, sql } from 'drizzle-orm';
import { BalanceLimitError } from '../../errors.js';
import type { LedgerEntryRow } from '../rows.js';
import { ledgerEntries, partners } from './schema.js';
import { HourDeltas, isEarning } from '../figures.js';
import { addToHours } from './partner-hours.js';
import type { Tx } from './settings-keys.js';

export type NewLedgerEntry = typeof ledgerEntries.$inferInsert;

/** The widest balance the ledger holds: every balance stays exact as a JavaScript number. */
export const BALANCE_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

/** The entry only (the caller moved the balance). */
export function appendEntry(tx: Tx, entry: NewLedgerEntry): LedgerEntryRow {
  const row = tx.insert(ledgerEntries).values(entry).returning().get();
  if (isEarning(row.kind)) {
    const deltas = new HourDeltas();
    deltas.add(row.partnerId, row.createdAt, { earned: BigInt(row.amount) });
    addToHours(tx, deltas.list());
  }
  return row;
}

/** Moves a balance by `amount` units; throws BalanceLimitError (nothing moved) past the limit. */
export function moveBalance(tx: Tx, partnerId: number, amount: number): void {
  const delta = BigInt(amount);
  const moved = tx.update(partners).set({ balance: sql`${partners.balance} + ${delta}` })
    .where(and(eq(partners.id, partnerId), between(sql`${partners.balance} + ${delta}`, -BALANCE_LIMIT, BALANCE_LIMIT))).run();
  if (moved.changes !== 1 && tx.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId)).get()) {
    throw new BalanceLimitError(BALANCE_LIMIT.toString());
  }
}

/** The entry and the same change to the balance. */
export function postEntry(tx: Tx, entry: NewLedgerEntry): LedgerEntryRow {
  moveBalance(tx, entry.partnerId, entry.amount);
  return appendEntry(tx, entry);
}
