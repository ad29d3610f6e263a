import { and, asc, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { PartnerSessionRepo, PartnerSessionRow, PartnerTokenRepo, PartnerTokenRow } from '../../repos.js';
import type { Db } from '../open.js';
import { partnerSessions, partnerTokens } from '../schema.js';

export function createPartnerSessionRepo(db: Db): PartnerSessionRepo {
  return {
    async insert(row) {
      db.insert(partnerSessions).values(row).run();
    },
    async findById(id: string): Promise<PartnerSessionRow | null> {
      return db.select().from(partnerSessions).where(eq(partnerSessions.id, id)).get() ?? null;
    },
    async touch(id: string, at: number, expiresAt: number) {
      db.update(partnerSessions).set({ lastSeenAt: at, expiresAt })
        .where(and(eq(partnerSessions.id, id), lt(partnerSessions.lastSeenAt, at))).run();
    },
    async revoke(id: string, at: number) {
      db.update(partnerSessions).set({ revokedAt: at }).where(and(eq(partnerSessions.id, id), isNull(partnerSessions.revokedAt))).run();
    },
    async listOpen(partnerId: number, at: number) {
      return db.select().from(partnerSessions)
        .where(and(eq(partnerSessions.partnerId, partnerId), isNull(partnerSessions.revokedAt), gt(partnerSessions.expiresAt, at)))
        .orderBy(desc(partnerSessions.lastSeenAt), asc(partnerSessions.id)).all();
    },
    async revokeOwn(partnerId: number, id: string, at: number) {
      return db.update(partnerSessions).set({ revokedAt: at })
        .where(and(eq(partnerSessions.id, id), eq(partnerSessions.partnerId, partnerId), isNull(partnerSessions.revokedAt))).run().changes > 0;
    },
    async revokeAll(partnerId: number, at: number) {
      return db.update(partnerSessions).set({ revokedAt: at })
        .where(and(eq(partnerSessions.partnerId, partnerId), isNull(partnerSessions.revokedAt))).run().changes;
    },
    async purge(before: number) {
      return db.delete(partnerSessions).where(or(lt(partnerSessions.expiresAt, before), lt(partnerSessions.revokedAt, before))).run().changes;
    },
  };
}

export function createPartnerTokenRepo(db: Db): PartnerTokenRepo {
  return {
    async insert(row) {
      db.insert(partnerTokens).values(row).run();
    },
    async findById(id: string): Promise<PartnerTokenRow | null> {
      return db.select().from(partnerTokens).where(eq(partnerTokens.id, id)).get() ?? null;
    },
    async consume(id: string, at: number): Promise<PartnerTokenRow | null> {
      return db.update(partnerTokens).set({ usedAt: at })
        .where(and(eq(partnerTokens.id, id), isNull(partnerTokens.usedAt), gt(partnerTokens.expiresAt, at)))
        .returning().get() ?? null;
    },
    async retire(partnerId, purpose, at) {
      db.update(partnerTokens).set({ usedAt: at })
        .where(and(eq(partnerTokens.partnerId, partnerId), eq(partnerTokens.purpose, purpose), isNull(partnerTokens.usedAt))).run();
    },
  };
}
