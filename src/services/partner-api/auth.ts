// Who is calling: the api_key is looked up by its visible prefix and accepted only when the
// sha256 of the whole key matches the stored hash (constant-time compare) and the key is not
// revoked. A revoked key fails at once, as Premium's "Change REST API key" (docs §1.7).
import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyRow } from '../../db/repos.js';
import type { Repos } from '../../db/repos.js';
import type { KeyWithPartner } from '../../db/repos.js';
import type { PartnerRow } from '../../db/repos.js';
import { PartnerBlockedError } from '../../errors.js';
import { API_KEY_PATTERN, apiKeyPrefix } from '../../ids.js';
import { hashApiKey } from '../partners/partners.js';

// last_used_at/last_used_ip are written at most this often per key (every request would
// otherwise be a write), and at once from a new address: the ledger's self-referral guard reads
// every address a partner used (partner_addresses), not only the last one.
export const KEY_TOUCH_INTERVAL = 60;

const NO_HASH = Buffer.alloc(32);

/** The active key for `apiKey` with its partner, or null when malformed, unknown or revoked. */
export async function findActiveKey(repos: Repos, apiKey: string): Promise<KeyWithPartner | null> {
  if (!API_KEY_PATTERN.test(apiKey)) return null;
  const found = await repos.partnerReports.findKeyWithPartner(apiKeyPrefix(apiKey));
  const stored = found ? Buffer.from(found.key.hash, 'hex') : NO_HASH;
  const given = Buffer.from(hashApiKey(apiKey), 'hex');
  const matches = stored.length === given.length && timingSafeEqual(stored, given);
  return found && matches && found.key.revokedAt === null ? found : null;
}

/** A blocked partner's keys still identify it, but every method is refused (error 6). */
export function assertPartnerActive(partner: PartnerRow): void {
  if (partner.status === 'blocked') throw new PartnerBlockedError();
}

export async function recordKeyUse(repos: Repos, key: ApiKeyRow, ip: string, now: number): Promise<void> {
  if (key.lastUsedAt === null || now - key.lastUsedAt >= KEY_TOUCH_INTERVAL || key.lastUsedIp !== ip) {
    await repos.apiKeys.touch(key.id, now, ip);
    await repos.apiKeys.recordAddress(key.partnerId, ip, now);
  }
}
