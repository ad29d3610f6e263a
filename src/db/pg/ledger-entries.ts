// Ledger writes shared by the exchange, payout and ledger repositories (as
// src/db/sqlite/ledger-entries.ts): every balance change is one inserted entry plus the same
// change to partners.balance, in the caller's transaction. The UPDATE takes the partner's
// row lock, so concurrent changes to one balance apply one after the other.
import { and, between, eq, sql } from 'drizzle-orm';
import { BalanceLimitError } from '../../errors.js';
import type { LedgerEntryRow } from '../rows.js';
import { BALANCE_LIMIT } from '../sqlite/ledger-entries.js';
import type { PgDb } from './open.js';
import { ledgerEntries, partners } from './schema.js';
import { HourDeltas, isEarning } from '../figures.js';
import { addToHours } from './figure-writes.js';

export type NewLedgerEntry = typeof ledgerEntries.$inferInsert;

/** The entry only (the caller moved the balance). */
export async function appendEntry(tx: PgDb, entry: NewLedgerEntry): Promise<LedgerEntryRow> {
  const [row] = await tx.insert(ledgerEntries).values(entry).returning();
  if (isEarning(row!.kind)) {
    const deltas = new HourDeltas();
    deltas.add(row!.partnerId, row!.createdAt, { earned: BigInt(row!.amount) });
    addToHours(tx, deltas.list());
  }
  return row!;
}

/** Moves a balance by `amount` units; throws BalanceLimitError (nothing moved) past the limit. */
export async function moveBalance(tx: PgDb, partnerId: number, amount: number): Promise<void> {
  const delta = BigInt(amount);
  const moved = await tx.update(partners).set({ balance: sql`${partners.balance} + ${delta}::bigint` })
    .where(and(eq(partners.id, partnerId), between(sql`${partners.balance} + ${delta}::bigint`, -BALANCE_LIMIT, BALANCE_LIMIT)));
  if (moved.rowCount !== 1) {
    const exists = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
    if (exists.length > 0) throw new BalanceLimitError(BALANCE_LIMIT.toString());
  }
}

/** The entry and the same change to the balance. */
export async function postEntry(tx: PgDb, entry: NewLedgerEntry): Promise<LedgerEntryRow> {
  await moveBalance(tx, entry.partnerId, entry.amount);
  return appendEntry(tx, entry);
}
