import { and, eq, sql } from 'drizzle-orm';
import type { PartnerAccountRepo, PartnerAccountRow } from '../../repos.js';
import { first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { partnerAccounts, partners } from '../schema.js';

export function createPartnerAccountRepo(db: PgDb): PartnerAccountRepo {
  // Run on every authenticated request: a named prepared statement, planned once per connection.
  const activeVersion = db.select({ version: partnerAccounts.authVersion }).from(partnerAccounts)
    .innerJoin(partners, eq(partners.id, partnerAccounts.partnerId))
    .where(and(eq(partnerAccounts.partnerId, sql.placeholder('id')), eq(partners.status, 'active'))).prepare('active_auth_version');
  return {
    async activeAuthVersion(partnerId: number): Promise<number | null> {
      return (await activeVersion.execute({ id: partnerId }))[0]?.version ?? null;
    },
    async create({ partnerId, email, at }): Promise<PartnerAccountRow | null> {
      return first(await db.insert(partnerAccounts).values({ partnerId, email: email.toLowerCase(), createdAt: at })
        .onConflictDoNothing().returning());
    },
    async findByEmail(email: string): Promise<PartnerAccountRow | null> {
      return first(await db.select().from(partnerAccounts).where(eq(partnerAccounts.email, email.toLowerCase())));
    },
    async findByPartner(partnerId: number): Promise<PartnerAccountRow | null> {
      return first(await db.select().from(partnerAccounts).where(eq(partnerAccounts.partnerId, partnerId)));
    },
    async setEmail(partnerId: number, email: string): Promise<PartnerAccountRow | null> {
      try {
        return first(await db.update(partnerAccounts).set({ email: email.toLowerCase() })
          .where(and(eq(partnerAccounts.partnerId, partnerId), sql`not exists (select 1 from partner_accounts o where o.email = ${email.toLowerCase()} and o.partner_id <> ${partnerId})`))
          .returning());
      } catch (error) {
        // Another account took the email between the check and the write: the unique index says so.
        if ((error as { code?: string }).code === '23505') return null;
        throw error;
      }
    },
    async setPassword(partnerId: number, passwordHash: string, at: number): Promise<number | null> {
      const rows = await db.update(partnerAccounts)
        .set({ passwordHash, passwordSetAt: at, authVersion: sql`${partnerAccounts.authVersion} + 1` })
        .where(eq(partnerAccounts.partnerId, partnerId)).returning({ version: partnerAccounts.authVersion });
      return rows[0]?.version ?? null;
    },
    async bumpAuthVersion(partnerId: number): Promise<number | null> {
      const rows = await db.update(partnerAccounts).set({ authVersion: sql`${partnerAccounts.authVersion} + 1` })
        .where(eq(partnerAccounts.partnerId, partnerId)).returning({ version: partnerAccounts.authVersion });
      return rows[0]?.version ?? null;
    },
    async touchSignIn(partnerId: number, at: number): Promise<void> {
      await db.update(partnerAccounts).set({ lastSignInAt: at }).where(eq(partnerAccounts.partnerId, partnerId));
    },
  };
}
