// The immutable ledger. Every balance change is one inserted entry plus the same change to
// partners.balance, in one transaction; nothing here ever updates or deletes an entry.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../open.js';
import { ledgerEntries, partners } from '../schema.js';

export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;
export type LedgerKind = LedgerEntryRow['kind'];
export type NewLedgerEntry = typeof ledgerEntries.$inferInsert;

/** A drizzle handle usable inside `db.transaction` (the transaction object or the db itself). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/** Synchronous, for use inside a transaction: the entry only (the caller moved the balance). */
export function appendEntry(tx: Tx, entry: NewLedgerEntry): LedgerEntryRow {
  return tx.insert(ledgerEntries).values(entry).returning().get();
}

/** Synchronous, for use inside a transaction: the entry and the same change to the balance. */
export function postEntry(tx: Tx, entry: NewLedgerEntry): LedgerEntryRow {
  const row = appendEntry(tx, entry);
  tx.update(partners).set({ balance: sql`${partners.balance} + ${entry.amount}` })
    .where(eq(partners.id, entry.partnerId)).run();
  return row;
}

export interface LedgerTotals {
  reward: number;
  reversal: number;
  payout: number;
  payout_release: number;
  adjustment: number;
}

export function createLedgerRepo(db: Db) {
  return {
    /** A manual correction (positive or negative); the balance may go below zero. */
    async adjust(values: { partnerId: number; amount: number; reason: string; at: number }): Promise<LedgerEntryRow> {
      return db.transaction((tx) => postEntry(tx, {
        partnerId: values.partnerId, kind: 'adjustment', amount: values.amount, reason: values.reason, createdAt: values.at,
      }), { behavior: 'immediate' });
    },
    async listByPartner(partnerId: number, limit = 1000): Promise<LedgerEntryRow[]> {
      return db.select().from(ledgerEntries).where(eq(ledgerEntries.partnerId, partnerId))
        .orderBy(desc(ledgerEntries.id)).limit(limit).all();
    },
    /** The balance recomputed from the entries (partners.balance must always equal it). */
    async sumByPartner(partnerId: number): Promise<number> {
      return db.select({ total: sql<number>`coalesce(sum(${ledgerEntries.amount}), 0)` }).from(ledgerEntries)
        .where(eq(ledgerEntries.partnerId, partnerId)).get()?.total ?? 0;
    },
    /** Sums per kind, for the operator's view of a partner. */
    async totalsByPartner(partnerId: number): Promise<LedgerTotals> {
      const rows = db.select({ kind: ledgerEntries.kind, total: sql<number>`sum(${ledgerEntries.amount})` })
        .from(ledgerEntries).where(eq(ledgerEntries.partnerId, partnerId)).groupBy(ledgerEntries.kind).all();
      const totals: LedgerTotals = { reward: 0, reversal: 0, payout: 0, payout_release: 0, adjustment: 0 };
      for (const row of rows) totals[row.kind] = row.total;
      return totals;
    },
    async findForExchange(exchangeId: number, kind: LedgerKind): Promise<LedgerEntryRow | null> {
      return db.select().from(ledgerEntries)
        .where(and(eq(ledgerEntries.exchangeId, exchangeId), eq(ledgerEntries.kind, kind))).get() ?? null;
    },
  };
}
