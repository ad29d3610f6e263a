import { eq, sql } from 'drizzle-orm';
import type { Db } from '../open.js';
import { partners } from '../schema.js';

export type PartnerRow = typeof partners.$inferSelect;
export type NewPartner = typeof partners.$inferInsert;
export type PartnerPatch = Partial<Omit<NewPartner, 'id' | 'balance' | 'createdAt'>>;

export function createPartnerRepo(db: Db) {
  return {
    async insert(values: NewPartner): Promise<PartnerRow> {
      return db.insert(partners).values(values).returning().get();
    },
    async list(): Promise<PartnerRow[]> {
      return db.select().from(partners).orderBy(partners.id).all();
    },
    async findById(id: number): Promise<PartnerRow | null> {
      return db.select().from(partners).where(eq(partners.id, id)).get() ?? null;
    },
    async update(id: number, patch: PartnerPatch): Promise<PartnerRow | null> {
      if (Object.keys(patch).length === 0) return this.findById(id);
      return db.update(partners).set(patch).where(eq(partners.id, id)).returning().get() ?? null;
    },
    async count(): Promise<number> {
      return db.select({ n: sql<number>`count(*)` }).from(partners).get()?.n ?? 0;
    },
  };
}
