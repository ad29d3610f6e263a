// Payout methods the operator offers (get_info items, add_payout's method_id). Deleting one
// only stamps deleted_at: old payouts keep pointing at it.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { PayoutMethodRepo, PayoutMethodRow } from '../../repos.js';
import type { Db } from '../open.js';
import { payoutMethods } from '../schema.js';

export function createPayoutMethodRepo(db: Db): PayoutMethodRepo {
  return {
    async insert(values: { title: string; currency: string; commission: string }): Promise<PayoutMethodRow> {
      return db.insert(payoutMethods).values(values).returning().get();
    },
    /** Methods partners may choose (not deleted). */
    async listActive(): Promise<PayoutMethodRow[]> {
      return db.select().from(payoutMethods).where(isNull(payoutMethods.deletedAt)).orderBy(asc(payoutMethods.id)).all();
    },
    /** Any method, deleted or not (payouts refer to deleted ones too). */
    async findById(id: number): Promise<PayoutMethodRow | null> {
      return db.select().from(payoutMethods).where(eq(payoutMethods.id, id)).get() ?? null;
    },
    async findActive(id: number): Promise<PayoutMethodRow | null> {
      return db.select().from(payoutMethods)
        .where(and(eq(payoutMethods.id, id), isNull(payoutMethods.deletedAt))).get() ?? null;
    },
    /** Soft delete; false when there is no such active method. */
    async softDelete(id: number, at: number): Promise<boolean> {
      return db.update(payoutMethods).set({ deletedAt: at })
        .where(and(eq(payoutMethods.id, id), isNull(payoutMethods.deletedAt))).run().changes === 1;
    },
  };
}
