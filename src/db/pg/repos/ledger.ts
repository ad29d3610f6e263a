// The immutable ledger: every balance change is one inserted entry plus the same change to
// partners.balance, in one transaction; nothing here updates or deletes an entry.
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { LedgerEntryRow, LedgerKind, LedgerRepo, LedgerTotals } from '../../repos.js';
import { countAll, first, sumExact } from '../dialect.js';
import { postEntry } from '../ledger-entries.js';
import { writeTransaction } from '../figure-writes.js';
import type { PgDb } from '../open.js';
import { ledgerEntries } from '../schema.js';

export function createLedgerRepo(db: PgDb): LedgerRepo {
  return {
    async adjust(values: { partnerId: number; amount: number; reason: string; at: number }): Promise<LedgerEntryRow> {
      return writeTransaction(db, (tx) => postEntry(tx, {
        partnerId: values.partnerId, kind: 'adjustment', amount: values.amount, reason: values.reason, createdAt: values.at,
      }));
    },
    async listByPartner(partnerId: number, limit = 1000, offset = 0): Promise<LedgerEntryRow[]> {
      return db.select().from(ledgerEntries).where(eq(ledgerEntries.partnerId, partnerId))
        .orderBy(desc(ledgerEntries.id)).limit(limit).offset(offset);
    },
    async listInRange(partnerId: number, { from, to, limit, offset }: { from: number; to: number; limit: number; offset: number }): Promise<LedgerEntryRow[]> {
      return db.select().from(ledgerEntries).where(and(eq(ledgerEntries.partnerId, partnerId), gte(ledgerEntries.createdAt, from), lte(ledgerEntries.createdAt, to)))
        .orderBy(desc(ledgerEntries.id)).limit(limit).offset(offset);
    },
    async rangeTotals(partnerId: number, from: number, to: number): Promise<{ count: number; amount: bigint }> {
      const [row] = await db.select({ count: countAll(), amount: sumExact(ledgerEntries.amount) }).from(ledgerEntries)
        .where(and(eq(ledgerEntries.partnerId, partnerId), gte(ledgerEntries.createdAt, from), lte(ledgerEntries.createdAt, to)));
      return { count: row?.count ?? 0, amount: row?.amount ?? 0n };
    },
    async sumByPartner(partnerId: number): Promise<bigint> {
      return (await db.select({ total: sumExact(ledgerEntries.amount) }).from(ledgerEntries)
        .where(eq(ledgerEntries.partnerId, partnerId)))[0]?.total ?? 0n;
    },
    async totalsByPartner(partnerId: number): Promise<LedgerTotals> {
      const rows = await db.select({ kind: ledgerEntries.kind, total: sumExact(ledgerEntries.amount) })
        .from(ledgerEntries).where(eq(ledgerEntries.partnerId, partnerId)).groupBy(ledgerEntries.kind);
      const totals: LedgerTotals = { reward: 0n, reversal: 0n, payout: 0n, payout_release: 0n, adjustment: 0n, reward_tier2: 0n, reversal_tier2: 0n };
      for (const row of rows) totals[row.kind] = row.total;
      return totals;
    },
    async findForExchange(exchangeId: number, kind: LedgerKind): Promise<LedgerEntryRow | null> {
      return first(await db.select().from(ledgerEntries)
        .where(and(eq(ledgerEntries.exchangeId, exchangeId), eq(ledgerEntries.kind, kind))));
    },
  };
}
