// The immutable ledger. Every balance change is one inserted entry plus the same change to
// partners.balance, in one transaction; nothing here ever updates or deletes an entry.
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { LedgerEntryRow, LedgerKind, LedgerRepo, LedgerTotals } from '../../repos.js';
import { countAll, sumExact } from '../dialect.js';
import { postEntry } from '../ledger-entries.js';
import type { Db } from '../open.js';
import { ledgerEntries } from '../schema.js';

export function createLedgerRepo(db: Db): LedgerRepo {
  return {
    /** A manual correction (positive or negative); the balance may go below zero. */
    async adjust(values: { partnerId: number; amount: number; reason: string; at: number }): Promise<LedgerEntryRow> {
      return db.transaction((tx) => postEntry(tx, {
        partnerId: values.partnerId, kind: 'adjustment', amount: values.amount, reason: values.reason, createdAt: values.at,
      }), { behavior: 'immediate' });
    },
    async listByPartner(partnerId: number, limit = 1000, offset = 0): Promise<LedgerEntryRow[]> {
      return db.select().from(ledgerEntries).where(eq(ledgerEntries.partnerId, partnerId))
        .orderBy(desc(ledgerEntries.id)).limit(limit).offset(offset).all();
    },
    async listInRange(partnerId: number, { from, to, limit, offset }: { from: number; to: number; limit: number; offset: number }): Promise<LedgerEntryRow[]> {
      return db.select().from(ledgerEntries).where(and(eq(ledgerEntries.partnerId, partnerId), gte(ledgerEntries.createdAt, from), lte(ledgerEntries.createdAt, to)))
        .orderBy(desc(ledgerEntries.id)).limit(limit).offset(offset).all();
    },
    async rangeTotals(partnerId: number, from: number, to: number): Promise<{ count: number; amount: bigint }> {
      const row = db.select({ count: countAll(), amount: sumExact(ledgerEntries.amount) }).from(ledgerEntries)
        .where(and(eq(ledgerEntries.partnerId, partnerId), gte(ledgerEntries.createdAt, from), lte(ledgerEntries.createdAt, to))).get();
      return { count: row?.count ?? 0, amount: row?.amount ?? 0n };
    },
    /** The balance recomputed from the entries (partners.balance must always equal it). */
    async sumByPartner(partnerId: number): Promise<bigint> {
      return db.select({ total: sumExact(ledgerEntries.amount) }).from(ledgerEntries)
        .where(eq(ledgerEntries.partnerId, partnerId)).get()?.total ?? 0n;
    },
    /** Sums per kind, for the operator's view of a partner. */
    async totalsByPartner(partnerId: number): Promise<LedgerTotals> {
      const rows = db.select({ kind: ledgerEntries.kind, total: sumExact(ledgerEntries.amount) })
        .from(ledgerEntries).where(eq(ledgerEntries.partnerId, partnerId)).groupBy(ledgerEntries.kind).all();
      const totals: LedgerTotals = { reward: 0n, reversal: 0n, payout: 0n, payout_release: 0n, adjustment: 0n, reward_tier2: 0n, reversal_tier2: 0n };
      for (const row of rows) totals[row.kind] = row.total;
      return totals;
    },
    async findForExchange(exchangeId: number, kind: LedgerKind): Promise<LedgerEntryRow | null> {
      return db.select().from(ledgerEntries)
        .where(and(eq(ledgerEntries.exchangeId, exchangeId), eq(ledgerEntries.kind, kind))).get() ?? null;
    },
  };
}
