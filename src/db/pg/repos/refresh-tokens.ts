// The REST API's refresh tokens (src/services/rest-api/refresh.ts has the rules). spend() is
// one conditional UPDATE: of two concurrent uses of one token, exactly one changes the row.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { RefreshTokenRepo, RefreshTokenRow } from '../../repos.js';
import { first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { refreshTokens } from '../schema.js';

export function createRefreshTokenRepo(db: PgDb): RefreshTokenRepo {
  return {
    async insert(values: Omit<RefreshTokenRow, 'id' | 'usedAt' | 'revokedAt'>): Promise<void> {
      await db.insert(refreshTokens).values(values);
    },
    async spend(tokenHash: string, at: number): Promise<RefreshTokenRow | null> {
      return first(await db.update(refreshTokens).set({ usedAt: at })
        .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, at)))
        .returning());
    },
    async findByHash(tokenHash: string): Promise<RefreshTokenRow | null> {
      return first(await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)));
    },
    async revokeFamily(family: string, at: number): Promise<number> {
      const result = await db.update(refreshTokens).set({ revokedAt: at })
        .where(and(eq(refreshTokens.family, family), isNull(refreshTokens.revokedAt)));
      return result.rowCount ?? 0;
    },
  };
}
