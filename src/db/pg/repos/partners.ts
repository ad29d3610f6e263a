import { and, eq, sql } from 'drizzle-orm';
import type { NewPartner, PartnerPatch, PartnerRepo, PartnerRow, PartnerStatus } from '../../repos.js';
import { countAll, first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { partners } from '../schema.js';

export function createPartnerRepo(db: PgDb): PartnerRepo {
  const byId = (id: number) => db.select().from(partners).where(eq(partners.id, id)).then(first);
  return {
    async insert(values: NewPartner): Promise<PartnerRow> {
      return (await db.insert(partners).values(values).returning())[0]!;
    },
    async list(): Promise<PartnerRow[]> {
      return db.select().from(partners).orderBy(partners.id);
    },
    findById: byId,
    async update(id: number, patch: PartnerPatch, fromStatus?: PartnerStatus): Promise<PartnerRow | null> {
      if (Object.keys(patch).length === 0) return byId(id);
      return first(await db.update(partners).set(patch).where(and(eq(partners.id, id), fromStatus === undefined ? undefined : eq(partners.status, fromStatus))).returning());
    },
    async count(): Promise<number> {
      return (await db.select({ n: countAll() }).from(partners))[0]?.n ?? 0;
    },
    async hasEmail(email: string): Promise<boolean> {
      return (await db.select({ id: partners.id }).from(partners).where(sql`lower(${partners.email}) = ${email.toLowerCase()}`).limit(1)).length > 0;
    },
  };
}
