// Payouts. The reservation is one conditional UPDATE of partners.balance (`balance >= :amount`),
// so the database refuses an overdraft however many requests race; every state change is a
// conditional UPDATE on the current status.
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { PAYOUT_PAID, PAYOUT_PENDING, type PayoutFilter, type PayoutRepo, type PayoutRow } from '../../repos.js';
import { countAll, sumExact } from '../dialect.js';
import { appendEntry, postEntry } from '../ledger-entries.js';
import { addToTotals } from '../partner-totals.js';
import { payoutMove } from '../../totals.js';
import type { Db } from '../open.js';
import { payoutFilter } from '../../filters.js';
import { partners, payouts } from '../schema.js';

export function createPayoutRepo(db: Db): PayoutRepo {
  return {
    /**
     * Debits `amount` from an active partner's balance and records the pending payout and its
     * `payout` entry; null (nothing written) when the balance is short or the partner blocked.
     */
    async reserve(values: { partnerId: number; methodId: number; account: string; amount: number; at: number }): Promise<PayoutRow | null> {
      return db.transaction((tx) => {
        // BigInt: bound as a 64-bit integer, so that the subtraction is exact (src/db/sqlite/ledger-entries.ts).
        const amount = BigInt(values.amount);
        const debited = tx.update(partners).set({ balance: sql`${partners.balance} - ${amount}` })
          .where(and(eq(partners.id, values.partnerId), eq(partners.status, 'active'), gte(partners.balance, sql`${amount}`))).run();
        if (debited.changes !== 1) return null;
        const row = tx.insert(payouts).values({
          partnerId: values.partnerId, methodId: values.methodId, account: values.account, amount: values.amount, createdAt: values.at,
        }).returning().get();
        appendEntry(tx, { partnerId: values.partnerId, kind: 'payout', amount: -values.amount, payoutId: row.id, createdAt: values.at });
        addToTotals(tx, payoutMove(row.partnerId, amount, 'pending'));
        return row;
      }, { behavior: 'immediate' });
    },
    /** pending → paid; null when the payout is not pending. */
    async markPaid(id: number, at: number, txRef: string | null): Promise<PayoutRow | null> {
      return db.transaction((tx) => {
        const row = tx.update(payouts).set({ status: PAYOUT_PAID, paidAt: at, txRef })
          .where(and(eq(payouts.id, id), eq(payouts.status, PAYOUT_PENDING))).returning().get();
        if (row) addToTotals(tx, payoutMove(row.partnerId, BigInt(row.amount), 'paid'));
        return row ?? null;
      }, { behavior: 'immediate' });
    },
    /** pending → canceled, giving the amount back with a `payout_release` entry; null when not pending. */
    async cancel(id: number, status: 2 | 3, at: number): Promise<PayoutRow | null> {
      return db.transaction((tx) => {
        const row = tx.update(payouts).set({ status, canceledAt: at })
          .where(and(eq(payouts.id, id), eq(payouts.status, PAYOUT_PENDING))).returning().get();
        if (row) postEntry(tx, { partnerId: row.partnerId, kind: 'payout_release', amount: row.amount, payoutId: row.id, createdAt: at });
        if (row) addToTotals(tx, payoutMove(row.partnerId, BigInt(row.amount), 'canceled'));
        return row ?? null;
      }, { behavior: 'immediate' });
    },
    async findById(id: number): Promise<PayoutRow | null> {
      return db.select().from(payouts).where(eq(payouts.id, id)).get() ?? null;
    },
    async list(filter: PayoutFilter = {}): Promise<PayoutRow[]> {
      return db.select().from(payouts).where(and(...payoutFilter(payouts, filter)))
        .orderBy(desc(payouts.createdAt), desc(payouts.id)).limit(filter.limit ?? 1000).offset(filter.offset ?? 0).all();
    },
    /** Sum of the partner's payouts in the given statuses (paid: totalReceived). */
    async sumByPartner(partnerId: number, statuses: number[]): Promise<bigint> {
      return db.select({ total: sumExact(payouts.amount) }).from(payouts)
        .where(and(eq(payouts.partnerId, partnerId), inArray(payouts.status, statuses))).get()?.total ?? 0n;
    },
    async totals(filter: PayoutFilter): Promise<{ count: number; amount: bigint }> {
      const row = db.select({ count: countAll(), amount: sumExact(payouts.amount) }).from(payouts)
        .where(and(...payoutFilter(payouts, filter))).get();
      return { count: row?.count ?? 0, amount: row?.amount ?? 0n };
    },
  };
}
