import { and, eq, isNull } from 'drizzle-orm';
import type { ApiKeyRepo, ApiKeyRow } from '../../repos.js';
import { first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { apiKeys, partnerAddresses } from '../schema.js';

export function createApiKeyRepo(db: PgDb): ApiKeyRepo {
  return {
    async insert(values: { partnerId: number; prefix: string; hash: string }): Promise<ApiKeyRow> {
      return (await db.insert(apiKeys).values(values).returning())[0]!;
    },
    async findByPrefix(prefix: string): Promise<ApiKeyRow | null> {
      return first(await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix)));
    },
    async listByPartner(partnerId: number): Promise<ApiKeyRow[]> {
      return db.select().from(apiKeys).where(eq(apiKeys.partnerId, partnerId)).orderBy(apiKeys.id);
    },
    /** Revokes an active key; false when there is no such active key. Every instance reads keys from here: no cache to expire. */
    async revoke(prefix: string, at: number): Promise<boolean> {
      const result = await db.update(apiKeys).set({ revokedAt: at })
        .where(and(eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt)));
      return result.rowCount === 1;
    },
    async touch(id: number, at: number, ip: string): Promise<void> {
      await db.update(apiKeys).set({ lastUsedAt: at, lastUsedIp: ip }).where(eq(apiKeys.id, id));
    },
    async recordAddress(partnerId: number, ip: string, at: number): Promise<void> {
      await db.insert(partnerAddresses).values({ partnerId, ip, lastSeen: at })
        .onConflictDoUpdate({ target: [partnerAddresses.partnerId, partnerAddresses.ip], set: { lastSeen: at } });
    },
  };
}
