// Who is calling: the key is verified by services/partners/api-keys.ts (a revoked key fails at
// once); a blocked partner is refused; key use is recorded at most once a minute.
import type { ApiKeyRow, PartnerRow, Repos } from '../../db/repos.js';
import { PartnerBlockedError } from '../../errors.js';

// last_used_at/last_used_ip are written at most this often per key (every request would
// otherwise be a write), and at once from a new address: the ledger's self-referral guard reads
// every address a partner used (partner_addresses), not only the last one.
export const KEY_TOUCH_INTERVAL = 60;

/** A blocked partner's keys still identify it, but every method is refused (error 6). */
export function assertPartnerActive(partner: PartnerRow): void {
  if (partner.status !== 'active') throw new PartnerBlockedError();
}

export async function recordKeyUse(repos: Repos, key: ApiKeyRow, ip: string, now: number): Promise<void> {
  if (key.lastUsedAt === null || now - key.lastUsedAt >= KEY_TOUCH_INTERVAL || key.lastUsedIp !== ip) {
    await repos.apiKeys.touch(key.id, now, ip);
    await repos.apiKeys.recordAddress(key.partnerId, ip, now);
  }
}
