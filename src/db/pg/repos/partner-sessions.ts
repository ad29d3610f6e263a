import { and, asc, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { PartnerSessionRepo, PartnerSessionRow, PartnerTokenRepo, PartnerTokenRow } from '../../repos.js';
import { first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { partnerSessions, partnerTokens } from '../schema.js';

export function createPartnerSessionRepo(db: PgDb): PartnerSessionRepo {
  return {
    async insert(row) {
      await db.insert(partnerSessions).values(row);
    },
    async findById(id: string): Promise<PartnerSessionRow | null> {
      return first(await db.select().from(partnerSessions).where(eq(partnerSessions.id, id)));
    },
    async touch(id: string, at: number, expiresAt: number) {
      await db.update(partnerSessions).set({ lastSeenAt: at, expiresAt })
        .where(and(eq(partnerSessions.id, id), lt(partnerSessions.lastSeenAt, at)));
    },
    async revoke(id: string, at: number) {
      await db.update(partnerSessions).set({ revokedAt: at }).where(and(eq(partnerSessions.id, id), isNull(partnerSessions.revokedAt)));
    },
    async listOpen(partnerId: number, at: number) {
      return db.select().from(partnerSessions)
        .where(and(eq(partnerSessions.partnerId, partnerId), isNull(partnerSessions.revokedAt), gt(partnerSessions.expiresAt, at)))
        .orderBy(desc(partnerSessions.lastSeenAt), asc(partnerSessions.id));
    },
    async revokeOwn(partnerId: number, id: string, at: number) {
      const rows = await db.update(partnerSessions).set({ revokedAt: at })
        .where(and(eq(partnerSessions.id, id), eq(partnerSessions.partnerId, partnerId), isNull(partnerSessions.revokedAt))).returning({ id: partnerSessions.id });
      return rows.length > 0;
    },
    async revokeAll(partnerId: number, at: number) {
      const rows = await db.update(partnerSessions).set({ revokedAt: at })
        .where(and(eq(partnerSessions.partnerId, partnerId), isNull(partnerSessions.revokedAt))).returning({ id: partnerSessions.id });
      return rows.length;
    },
    async purge(before: number) {
      const rows = await db.delete(partnerSessions)
        .where(or(lt(partnerSessions.expiresAt, before), lt(partnerSessions.revokedAt, before))).returning({ id: partnerSessions.id });
      return rows.length;
    },
  };
}

export function createPartnerTokenRepo(db: PgDb): PartnerTokenRepo {
  return {
    async insert(row) {
      await db.insert(partnerTokens).values(row);
    },
    async findById(id: string): Promise<PartnerTokenRow | null> {
      return first(await db.select().from(partnerTokens).where(eq(partnerTokens.id, id)));
    },
    async consume(id: string, at: number): Promise<PartnerTokenRow | null> {
      return first(await db.update(partnerTokens).set({ usedAt: at })
        .where(and(eq(partnerTokens.id, id), isNull(partnerTokens.usedAt), gt(partnerTokens.expiresAt, at))).returning());
    },
    async retire(partnerId, purpose, at) {
      await db.update(partnerTokens).set({ usedAt: at })
        .where(and(eq(partnerTokens.partnerId, partnerId), eq(partnerTokens.purpose, purpose), isNull(partnerTokens.usedAt)));
    },
  };
}
