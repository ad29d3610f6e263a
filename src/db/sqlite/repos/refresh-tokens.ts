// The REST API's refresh tokens (src/services/rest-api/refresh.ts has the rules).
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { RefreshTokenRepo, RefreshTokenRow } from '../../repos.js';
import type { Db } from '../open.js';
import { refreshTokens } from '../schema.js';

export function createRefreshTokenRepo(db: Db): RefreshTokenRepo {
  return {
    async insert(values: Omit<RefreshTokenRow, 'id' | 'usedAt' | 'revokedAt'>): Promise<void> {
      db.insert(refreshTokens).values(values).run();
    },
    async spend(tokenHash: string, at: number): Promise<RefreshTokenRow | null> {
      return db.update(refreshTokens).set({ usedAt: at })
        .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, at)))
        .returning().get() ?? null;
    },
    async findByHash(tokenHash: string): Promise<RefreshTokenRow | null> {
      return db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).get() ?? null;
    },
    async revokeFamily(family: string, at: number): Promise<number> {
      return db.update(refreshTokens).set({ revokedAt: at })
        .where(and(eq(refreshTokens.family, family), isNull(refreshTokens.revokedAt))).run().changes;
    },
  };
}
