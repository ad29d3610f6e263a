// Refresh tokens: opaque, stored as SHA-256, single-use. Each use spends the token in one
// conditional UPDATE and issues the next one of its family; presenting a spent token again
// means it was copied, so the whole family (every session it grew into) is revoked.
import { createHash, randomBytes } from 'node:crypto';
import type { Repos, TxRepos } from '../../db/repos.js';
import { currentAuthVersion } from '../accounts/credentials.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueRefreshToken(
  repos: TxRepos, values: { partnerId: number; authVersion: number; family?: string }, now: number, ttl: number,
): Promise<string> {
  const token = `rt_${randomBytes(32).toString('base64url')}`;
  await repos.refreshTokens.insert({
    partnerId: values.partnerId, family: values.family ?? randomBytes(12).toString('base64url'), tokenHash: hashOf(token),
    authVersion: values.authVersion, createdAt: now, expiresAt: now + ttl,
  });
  return token;
}

export type RotateResult =
  | { ok: true; partnerId: number; authVersion: number; refresh: string }
  | { ok: false; reason: 'invalid' | 'reused' };

/**
 * One unit of work: a reuse that loses the race to spend the token revokes the family only once
 * the winner's successor is written, so the successor ends with the family (two uses at once,
 * on two instances, left the winner's new token alive).
 */
export async function rotateRefreshToken(repos: Repos, token: string, now: number, ttl: number): Promise<RotateResult> {
  return repos.transaction((tx) => rotate(tx, token, now, ttl));
}

async function rotate(repos: TxRepos, token: string, now: number, ttl: number): Promise<RotateResult> {
  const spent = await repos.refreshTokens.spend(hashOf(token), now);
  if (!spent) {
    const known = await repos.refreshTokens.findByHash(hashOf(token));
    if (known?.usedAt != null) {
      await repos.refreshTokens.revokeFamily(known.family, now);
      return { ok: false, reason: 'reused' };
    }
    return { ok: false, reason: 'invalid' };
  }
  // A password change, a sign-out everywhere or a block since the sign-in ends the family too.
  if (await currentAuthVersion(repos, spent.partnerId) !== spent.authVersion) {
    await repos.refreshTokens.revokeFamily(spent.family, now);
    return { ok: false, reason: 'invalid' };
  }
  const refresh = await issueRefreshToken(repos, { partnerId: spent.partnerId, authVersion: spent.authVersion, family: spent.family }, now, ttl);
  return { ok: true, partnerId: spent.partnerId, authVersion: spent.authVersion, refresh };
}
