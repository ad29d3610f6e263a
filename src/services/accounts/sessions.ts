// Cabinet sessions, kept in the database (partner_sessions) so that they survive a restart and
// hold on every instance. A session counts while it is not revoked, not idle past its expiry,
// and carries the account's current auth_version: a new password, "sign out everywhere" or a
// blocked partner (currentAuthVersion → null) ends every session at once.
import type { TxRepos } from '../../db/repos.js';
import { currentAuthVersion } from './credentials.js';
import { SECRET_TOKEN_PATTERN, newSecretToken, tokenId } from './secret-token.js';

/**
 * A session in daily use still ends this long after its sign-in (or after the idle time, when
 * the operator set a longer one): a cookie copied off a machine does not last for ever.
 */
export const SESSION_LIFETIME_SECONDS = 30 * 86400;

/** last_seen_at is written at most this often per session: one write a minute, not per page. */
const TOUCH_EVERY_SECONDS = 60;

export interface SessionDeps {
  repos: TxRepos;
  idleSeconds: number;
}

export interface ActiveSession {
  id: string;
  partnerId: number;
  /** The expiry moved forward on this request: the cookie's lifetime should too. */
  touched: boolean;
}

export async function startSession({ repos, idleSeconds }: SessionDeps, partnerId: number, authVersion: number, now: number) {
  const token = newSecretToken();
  await repos.partnerSessions.insert({ id: tokenId(token), partnerId, authVersion, createdAt: now, lastSeenAt: now, expiresAt: now + idleSeconds });
  return token;
}

/** The session of a cookie's token, or null: unknown, revoked, idle too long, or from an older auth_version. */
export async function readSession({ repos, idleSeconds }: SessionDeps, token: string | undefined, now: number): Promise<ActiveSession | null> {
  if (token === undefined || !SECRET_TOKEN_PATTERN.test(token)) return null;
  const row = await repos.partnerSessions.findById(tokenId(token));
  if (!row || row.revokedAt !== null || row.expiresAt <= now) return null;
  if (row.createdAt + Math.max(SESSION_LIFETIME_SECONDS, idleSeconds) <= now) return null;
  if ((await currentAuthVersion(repos, row.partnerId)) !== row.authVersion) return null;
  const touched = now - row.lastSeenAt >= TOUCH_EVERY_SECONDS;
  if (touched) await repos.partnerSessions.touch(row.id, now, now + idleSeconds);
  return { id: row.id, partnerId: row.partnerId, touched };
}

export async function endSession(repos: TxRepos, sessionId: string, now: number) {
  await repos.partnerSessions.revoke(sessionId, now);
}

/** Sign out everywhere: every session ends, and so does every token issued under the old auth_version. */
export async function endAllSessions(repos: TxRepos, partnerId: number, now: number) {
  await repos.partnerSessions.revokeAll(partnerId, now);
  await repos.partnerAccounts.bumpAuthVersion(partnerId);
}
