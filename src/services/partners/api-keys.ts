// Partners' API keys: issued once (only the sha256 is stored), verified by that same hash in
// constant time, revoked at once. A key is looked up by its visible prefix.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRow, KeyWithPartner, Repos, TxRepos } from '../../db/repos.js';
import { NotFoundError, UnprocessableError, ValidationError } from '../../errors.js';
import { API_KEY_PATTERN, API_KEY_PREFIX_LENGTH, API_KEY_PREFIX_PATTERN, apiKeyPrefix, newApiKey } from '../../ids.js';
import { getPartner } from './partners.js';

const NO_HASH = Buffer.alloc(32);
/** Active keys a partner may hold at once: a key per integration, and a page that lists them all. */
export const ACTIVE_KEYS_PER_PARTNER = 20;

function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/**
 * Issues a new API key; the key itself is returned once and only its hash is stored. Counted and
 * inserted in one unit of work, so that keys asked for at once (a double click, two instances)
 * cannot pass the limit together.
 */
export async function issueApiKey(repos: Repos, partnerId: number) {
  const apiKey = newApiKey();
  const row = await repos.transaction(async (tx) => {
    await getPartner(tx, partnerId);
    const active = (await tx.apiKeys.listByPartner(partnerId)).filter((key) => key.revokedAt === null).length;
    if (active >= ACTIVE_KEYS_PER_PARTNER) {
      throw new UnprocessableError(`At most ${ACTIVE_KEYS_PER_PARTNER} active API keys per partner: revoke one before creating another`);
    }
    return tx.apiKeys.insert({ partnerId, prefix: apiKeyPrefix(apiKey), hash: hashApiKey(apiKey).toString('hex') });
  });
  return { api_key: apiKey, prefix: row.prefix, created_at: row.createdAt };
}

/** The active key for `apiKey` with its partner, or null when malformed, unknown or revoked. */
export async function findActiveKey(repos: TxRepos, apiKey: string): Promise<KeyWithPartner | null> {
  if (!API_KEY_PATTERN.test(apiKey)) return null;
  const found = await repos.partnerReports.findKeyWithPartner(apiKeyPrefix(apiKey));
  const stored = found ? Buffer.from(found.key.hash, 'hex') : NO_HASH;
  const given = hashApiKey(apiKey);
  const matches = stored.length === given.length && timingSafeEqual(stored, given);
  return found && matches && found.key.revokedAt === null ? found : null;
}

/**
 * The partner's own key by its prefix, or null: unknown, another partner's, or no prefix at all
 * (never looked up: PostgreSQL refuses a NUL in a query, which was a 500).
 */
export async function findOwnApiKey(repos: TxRepos, partnerId: number, prefix: string): Promise<ApiKeyRow | null> {
  const key = API_KEY_PREFIX_PATTERN.test(prefix) ? await repos.apiKeys.findByPrefix(prefix) : null;
  return key?.partnerId === partnerId ? key : null;
}

export async function revokeApiKey(repos: TxRepos, prefix: string, at: number) {
  // Here rather than in a route's schema: `ratelink key revoke` says what the admin API says.
  if (!API_KEY_PREFIX_PATTERN.test(prefix)) throw new ValidationError('prefix', `expected the first ${API_KEY_PREFIX_LENGTH} characters of the key (letters and digits)`);
  if (!(await repos.apiKeys.revoke(prefix, at))) throw new NotFoundError(`Active API key ${prefix}`);
}

export async function listApiKeys(repos: TxRepos, partnerId: number) {
  return (await repos.apiKeys.listByPartner(partnerId)).map(apiKeyView);
}

/** The admin API's view of a key: never its hash. */
export function apiKeyView(row: ApiKeyRow) {
  return { prefix: row.prefix, created_at: row.createdAt, revoked_at: row.revokedAt, last_used_at: row.lastUsedAt, last_used_ip: row.lastUsedIp };
}
