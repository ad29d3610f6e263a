import { asc, eq } from 'drizzle-orm';
import type { LinkRepo, LinkRow } from '../../repos.js';
import type { Db } from '../open.js';
import { referralLinks } from '../schema.js';

export function createLinkRepo(db: Db): LinkRepo {
  return {
    /** Inserts a link; null when the code is taken (the unique index decides). */
    async insert(values: { code: string; partnerId: number; name?: string | null; target?: string | null }): Promise<LinkRow | null> {
      return db.insert(referralLinks).values(values).onConflictDoNothing().returning().get() ?? null;
    },
    async findByCode(code: string): Promise<LinkRow | null> {
      return db.select().from(referralLinks).where(eq(referralLinks.code, code)).get() ?? null;
    },
    async update(code: string, patch: { name?: string | null; disabledAt?: number | null }): Promise<LinkRow | null> {
      return db.update(referralLinks).set(patch).where(eq(referralLinks.code, code)).returning().get() ?? null;
    },
    async list(): Promise<LinkRow[]> {
      return db.select().from(referralLinks).orderBy(asc(referralLinks.id)).all();
    },
    async listByPartner(partnerId: number): Promise<LinkRow[]> {
      return db.select().from(referralLinks).where(eq(referralLinks.partnerId, partnerId)).orderBy(asc(referralLinks.id)).all();
    },
    /** The partner's first link: the `link` of get_info. */
    async primaryForPartner(partnerId: number): Promise<LinkRow | null> {
      return db.select().from(referralLinks).where(eq(referralLinks.partnerId, partnerId))
        .orderBy(asc(referralLinks.id)).limit(1).get() ?? null;
    },
  };
}
