import { and, eq, isNull } from 'drizzle-orm';
import type { ApiKeyRepo, ApiKeyRow } from '../../repos.js';
import type { Db } from '../open.js';
import { apiKeys, partnerAddresses } from '../schema.js';

export function createApiKeyRepo(db: Db): ApiKeyRepo {
  return {
    async insert(values: { partnerId: number; prefix: string; hash: string }): Promise<ApiKeyRow> {
      return db.insert(apiKeys).values(values).returning().get();
    },
    async findByPrefix(prefix: string): Promise<ApiKeyRow | null> {
      return db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix)).get() ?? null;
    },
    async listByPartner(partnerId: number): Promise<ApiKeyRow[]> {
      return db.select().from(apiKeys).where(eq(apiKeys.partnerId, partnerId)).orderBy(apiKeys.id).all();
    },
    /** Revokes an active key; false when there is no such active key. */
    async revoke(prefix: string, at: number): Promise<boolean> {
      const result = db.update(apiKeys).set({ revokedAt: at })
        .where(and(eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt))).run();
      return result.changes === 1;
    },
    async touch(id: number, at: number, ip: string): Promise<void> {
      db.update(apiKeys).set({ lastUsedAt: at, lastUsedIp: ip }).where(eq(apiKeys.id, id)).run();
    },
    /** Remembers that the partner acted from `ip` at `at` (one row per partner and address). */
    async recordAddress(partnerId: number, ip: string, at: number): Promise<void> {
      db.insert(partnerAddresses).values({ partnerId, ip, lastSeen: at })
        .onConflictDoUpdate({ target: [partnerAddresses.partnerId, partnerAddresses.ip], set: { lastSeen: at } }).run();
    },
  };
}
