// Payouts. The reservation is one conditional UPDATE of partners.balance (`balance >= :amount`):
// concurrent UPDATEs of one row wait for each other and re-check the condition on the row as
// the previous one left it, so however many requests race on however many instances, the
// balance never goes below zero. Every state change is a conditional UPDATE on the status.
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { PAYOUT_PAID, PAYOUT_PENDING, type PayoutFilter, type PayoutRepo, type PayoutRow } from '../../repos.js';
import { countAll, first, sumExact } from '../dialect.js';
import { appendEntry, postEntry } from '../ledger-entries.js';
import { addToTotals, writeTransaction } from '../figure-writes.js';
import { payoutMove } from '../../totals.js';
import type { PgDb } from '../open.js';
import { payoutFilter } from '../../filters.js';
import { partners, payouts } from '../schema.js';

export function createPayoutRepo(db: PgDb): PayoutRepo {
  return {
    async reserve(values: { partnerId: number; methodId: number; account: string; amount: number; at: number }): Promise<PayoutRow | null> {
      return writeTransaction(db, async (tx) => {
        const amount = BigInt(values.amount);
        const debited = await tx.update(partners).set({ balance: sql`${partners.balance} - ${amount}::bigint` })
          .where(and(eq(partners.id, values.partnerId), eq(partners.status, 'active'), gte(partners.balance, sql`${amount}::bigint`)));
        if (debited.rowCount !== 1) return null;
        const [row] = await tx.insert(payouts).values({
          partnerId: values.partnerId, methodId: values.methodId, account: values.account, amount: values.amount, createdAt: values.at,
        }).returning();
        await appendEntry(tx, { partnerId: values.partnerId, kind: 'payout', amount: -values.amount, payoutId: row!.id, createdAt: values.at });
        addToTotals(tx, payoutMove(values.partnerId, amount, 'pending'));
        return row!;
      });
    },
    async markPaid(id: number, at: number, txRef: string | null): Promise<PayoutRow | null> {
      return writeTransaction(db, async (tx) => {
        const row = first(await tx.update(payouts).set({ status: PAYOUT_PAID, paidAt: at, txRef })
          .where(and(eq(payouts.id, id), eq(payouts.status, PAYOUT_PENDING))).returning());
        if (row) addToTotals(tx, payoutMove(row.partnerId, BigInt(row.amount), 'paid'));
        return row;
      });
    },
    async cancel(id: number, status: 2 | 3, at: number): Promise<PayoutRow | null> {
      return writeTransaction(db, async (tx) => {
        const row = first(await tx.update(payouts).set({ status, canceledAt: at })
          .where(and(eq(payouts.id, id), eq(payouts.status, PAYOUT_PENDING))).returning());
        if (row) await postEntry(tx, { partnerId: row.partnerId, kind: 'payout_release', amount: row.amount, payoutId: row.id, createdAt: at });
        if (row) addToTotals(tx, payoutMove(row.partnerId, BigInt(row.amount), 'canceled'));
        return row;
      });
    },
    async findById(id: number): Promise<PayoutRow | null> {
      return first(await db.select().from(payouts).where(eq(payouts.id, id)));
    },
    async list(filter: PayoutFilter = {}): Promise<PayoutRow[]> {
      return db.select().from(payouts).where(and(...payoutFilter(payouts, filter)))
        .orderBy(desc(payouts.createdAt), desc(payouts.id)).limit(filter.limit ?? 1000).offset(filter.offset ?? 0);
    },
    async sumByPartner(partnerId: number, statuses: number[]): Promise<bigint> {
      return (await db.select({ total: sumExact(payouts.amount) }).from(payouts)
        .where(and(eq(payouts.partnerId, partnerId), inArray(payouts.status, statuses))))[0]?.total ?? 0n;
    },
    async totals(filter: PayoutFilter): Promise<{ count: number; amount: bigint }> {
      const [row] = await db.select({ count: countAll(), amount: sumExact(payouts.amount) }).from(payouts)
        .where(and(...payoutFilter(payouts, filter)));
      return { count: row?.count ?? 0, amount: row?.amount ?? 0n };
    },
  };
}
