import { and, eq, sql } from 'drizzle-orm';
import type { PartnerAccountRepo, PartnerAccountRow } from '../../repos.js';
import type { Db } from '../open.js';
import { driverOf } from '../prepared.js';
import { partnerAccounts, partners } from '../schema.js';

export function createPartnerAccountRepo(db: Db): PartnerAccountRepo {
  // Run on every authenticated request: built once by drizzle, run on the driver with pluck.
  const { sql: activeVersionSql } = db.select({ version: partnerAccounts.authVersion }).from(partnerAccounts)
    .innerJoin(partners, eq(partners.id, partnerAccounts.partnerId))
    .where(and(eq(partnerAccounts.partnerId, sql.placeholder('id')), sql`${partners.status} = 'active'`)).toSQL();
  const activeVersion = driverOf(db).prepare(activeVersionSql).pluck();
  return {
    async activeAuthVersion(partnerId: number): Promise<number | null> {
      return (activeVersion.get(partnerId) as number | undefined) ?? null;
    },
    async create({ partnerId, email, at }): Promise<PartnerAccountRow | null> {
      return db.insert(partnerAccounts).values({ partnerId, email: email.toLowerCase(), createdAt: at })
        .onConflictDoNothing().returning().get() ?? null;
    },
    async findByEmail(email: string): Promise<PartnerAccountRow | null> {
      return db.select().from(partnerAccounts).where(eq(partnerAccounts.email, email.toLowerCase())).get() ?? null;
    },
    async findByPartner(partnerId: number): Promise<PartnerAccountRow | null> {
      return db.select().from(partnerAccounts).where(eq(partnerAccounts.partnerId, partnerId)).get() ?? null;
    },
    async setEmail(partnerId: number, email: string): Promise<PartnerAccountRow | null> {
      // One statement: SQLite writes one at a time, so the check and the change cannot interleave.
      return db.update(partnerAccounts).set({ email: email.toLowerCase() })
        .where(and(eq(partnerAccounts.partnerId, partnerId), sql`not exists (select 1 from partner_accounts o where o.email = ${email.toLowerCase()} and o.partner_id <> ${partnerId})`))
        .returning().get() ?? null;
    },
    async setPassword(partnerId: number, passwordHash: string, at: number): Promise<number | null> {
      const row = db.update(partnerAccounts)
        .set({ passwordHash, passwordSetAt: at, authVersion: sql`${partnerAccounts.authVersion} + 1` })
        .where(eq(partnerAccounts.partnerId, partnerId)).returning({ version: partnerAccounts.authVersion }).get();
      return row?.version ?? null;
    },
    async bumpAuthVersion(partnerId: number): Promise<number | null> {
      const row = db.update(partnerAccounts).set({ authVersion: sql`${partnerAccounts.authVersion} + 1` })
        .where(eq(partnerAccounts.partnerId, partnerId)).returning({ version: partnerAccounts.authVersion }).get();
      return row?.version ?? null;
    },
    async touchSignIn(partnerId: number, at: number): Promise<void> {
      db.update(partnerAccounts).set({ lastSignInAt: at }).where(eq(partnerAccounts.partnerId, partnerId)).run();
    },
  };
}
