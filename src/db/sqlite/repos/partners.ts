import { and, eq, sql } from 'drizzle-orm';
import type { NewPartner, PartnerPatch, PartnerRepo, PartnerRow, PartnerStatus } from '../../repos.js';
import { countAll } from '../dialect.js';
import type { Db } from '../open.js';
import { partners } from '../schema.js';
import { prepareSelectFirst } from '../prepared.js';

export function createPartnerRepo(db: Db): PartnerRepo {
  // Read on every summary and dashboard: prepared once.
  const byId = prepareSelectFirst(db, partners, db.select().from(partners).where(eq(partners.id, sql.placeholder('id'))));
  return {
    async insert(values: NewPartner): Promise<PartnerRow> {
      return db.insert(partners).values(values).returning().get();
    },
    async list(): Promise<PartnerRow[]> {
      return db.select().from(partners).orderBy(partners.id).all();
    },
    async findById(id: number): Promise<PartnerRow | null> {
      return byId({ id }) ?? null;
    },
    async update(id: number, patch: PartnerPatch, fromStatus?: PartnerStatus): Promise<PartnerRow | null> {
      if (Object.keys(patch).length === 0) return db.select().from(partners).where(eq(partners.id, id)).get() ?? null;
      return db.update(partners).set(patch).where(and(eq(partners.id, id), fromStatus === undefined ? undefined : eq(partners.status, fromStatus))).returning().get() ?? null;
    },
    async count(): Promise<number> {
      return db.select({ n: countAll() }).from(partners).get()?.n ?? 0;
    },
    async hasEmail(email: string): Promise<boolean> {
      return db.select({ id: partners.id }).from(partners).where(sql`lower(${partners.email}) = ${email.toLowerCase()}`).limit(1).get() !== undefined;
    },
  };
}
