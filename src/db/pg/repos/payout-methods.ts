// Payout methods the operator offers. Deleting one only stamps deleted_at: old payouts keep pointing at it.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { PayoutMethodRepo, PayoutMethodRow } from '../../repos.js';
import { first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { payoutMethods } from '../schema.js';

export function createPayoutMethodRepo(db: PgDb): PayoutMethodRepo {
  return {
    async insert(values: { title: string; currency: string; commission: string }): Promise<PayoutMethodRow> {
      return (await db.insert(payoutMethods).values(values).returning())[0]!;
    },
    async listActive(): Promise<PayoutMethodRow[]> {
      return db.select().from(payoutMethods).where(isNull(payoutMethods.deletedAt)).orderBy(asc(payoutMethods.id));
    },
    async findById(id: number): Promise<PayoutMethodRow | null> {
      return first(await db.select().from(payoutMethods).where(eq(payoutMethods.id, id)));
    },
    async findActive(id: number): Promise<PayoutMethodRow | null> {
      return first(await db.select().from(payoutMethods).where(and(eq(payoutMethods.id, id), isNull(payoutMethods.deletedAt))));
    },
    async softDelete(id: number, at: number): Promise<boolean> {
      const result = await db.update(payoutMethods).set({ deletedAt: at })
        .where(and(eq(payoutMethods.id, id), isNull(payoutMethods.deletedAt)));
      return result.rowCount === 1;
    },
  };
}
