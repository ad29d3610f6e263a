// Who is calling: the api_key is looked up by its visible prefix and accepted only when the
// sha256 of the whole key matches the stored hash (constant-time compare) and the key is not
// revoked. A revoked key fails at once, as Premium's "Change REST API key" (docs §1.7).
import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyRow } from '../../db/repos/api-keys.js';
import type { Repos } from '../../db/repos/index.js';
import type { PartnerRow } from '../../db/repos/partners.js';
import { PartnerBlockedError } from '../../errors.js';
import { API_KEY_PATTERN, apiKeyPrefix } from '../../ids.js';
import { hashApiKey } from '../partners.js';
import { InvalidKeyError } from './envelope.js';

// last_used_at/last_used_ip are written at most this often per key: every request would
// otherwise be a write. The ledger's self-referral guard reads last_used_ip.
export const KEY_TOUCH_INTERVAL = 60;

const NO_HASH = Buffer.alloc(32);

/** The active key row for `apiKey`, or null when it is malformed, unknown or revoked. */
export async function findActiveKey(repos: Repos, apiKey: string): Promise<ApiKeyRow | null> {
  if (!API_KEY_PATTERN.test(apiKey)) return null;
  const row = await repos.apiKeys.findByPrefix(apiKeyPrefix(apiKey));
  const stored = row ? Buffer.from(row.hash, 'hex') : NO_HASH;
  const given = Buffer.from(hashApiKey(apiKey), 'hex');
  const matches = stored.length === given.length && timingSafeEqual(stored, given);
  return row && matches && row.revokedAt === null ? row : null;
}

/** The partner behind an active key; throws the envelope's errors for a bad key or a blocked partner. */
export async function partnerForKey(repos: Repos, key: ApiKeyRow): Promise<PartnerRow> {
  const partner = await repos.partners.findById(key.partnerId);
  if (!partner) throw new InvalidKeyError();
  if (partner.status === 'blocked') throw new PartnerBlockedError();
  return partner;
}

export async function recordKeyUse(repos: Repos, key: ApiKeyRow, ip: string, now: number): Promise<void> {
  if (key.lastUsedAt === null || now - key.lastUsedAt >= KEY_TOUCH_INTERVAL) {
    await repos.apiKeys.touch(key.id, now, ip);
  }
}
