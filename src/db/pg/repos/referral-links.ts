import { asc, eq } from 'drizzle-orm';
import type { LinkRepo, LinkRow } from '../../repos.js';
import { first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { referralLinks } from '../schema.js';

export function createLinkRepo(db: PgDb): LinkRepo {
  return {
    /** Inserts a link; null when the code is taken (the unique constraint decides). */
    async insert(values: { code: string; partnerId: number; name?: string | null; target?: string | null }): Promise<LinkRow | null> {
      return first(await db.insert(referralLinks).values(values).onConflictDoNothing().returning());
    },
    async findByCode(code: string): Promise<LinkRow | null> {
      return first(await db.select().from(referralLinks).where(eq(referralLinks.code, code)));
    },
    async update(code: string, patch: { name?: string | null; disabledAt?: number | null }): Promise<LinkRow | null> {
      return first(await db.update(referralLinks).set(patch).where(eq(referralLinks.code, code)).returning());
    },
    async list(): Promise<LinkRow[]> {
      return db.select().from(referralLinks).orderBy(asc(referralLinks.id));
    },
    async listByPartner(partnerId: number): Promise<LinkRow[]> {
      return db.select().from(referralLinks).where(eq(referralLinks.partnerId, partnerId)).orderBy(asc(referralLinks.id));
    },
    /** The partner's first link: the `link` of get_info. */
    async primaryForPartner(partnerId: number): Promise<LinkRow | null> {
      return first(await db.select().from(referralLinks).where(eq(referralLinks.partnerId, partnerId))
        .orderBy(asc(referralLinks.id)).limit(1));
    },
  };
}
