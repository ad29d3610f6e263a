// Cabinet sessions, kept in the database (partner_sessions) so that they survive a restart and
// hold on every instance. A session counts while it is not revoked, not idle past its expiry,
// and carries the account's current auth_version: a new password, "sign out everywhere" or a
// blocked partner (currentAuthVersion → null) ends every session at once.
import type { PartnerSessionRow, TxRepos } from '../../db/repos.js';
import { currentAuthVersion } from './credentials.js';
import { SECRET_TOKEN_PATTERN, newSecretToken, tokenId } from './secret-token.js';
import { describeDevice } from './device.js';

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

/** Who signed in, for the partner's list of sessions. */
export interface SessionClient {
  userAgent: string | undefined;
  ip: string;
}

export async function startSession({ repos, idleSeconds }: SessionDeps, partnerId: number, authVersion: number, now: number, client: SessionClient) {
  const token = newSecretToken();
  await repos.partnerSessions.insert({
    id: tokenId(token), partnerId, authVersion, createdAt: now, lastSeenAt: now, expiresAt: now + idleSeconds,
    device: describeDevice(client.userAgent), ip: client.ip.slice(0, 45),
  });
  return token;
}

/** A session as its partner sees it; `ref` names it in forms (a prefix of the token's hash, never the token). */
export interface SessionView {
  ref: string;
  device: string | null;
  ip: string | null;
  signedInAt: number;
  lastSeenAt: number;
  current: boolean;
}

const REF_LENGTH = 16;
const refOf = (row: PartnerSessionRow) => row.id.slice(0, REF_LENGTH);

/** The partner's sessions that still count (as readSession counts them), the latest used first. */
async function countingSessions({ repos, idleSeconds }: SessionDeps, partnerId: number, now: number): Promise<PartnerSessionRow[]> {
  const authVersion = await currentAuthVersion(repos, partnerId);
  return (await repos.partnerSessions.listOpen(partnerId, now))
    .filter((row) => row.authVersion === authVersion && row.createdAt + Math.max(SESSION_LIFETIME_SECONDS, idleSeconds) > now);
}

export async function listSessions(deps: SessionDeps, partnerId: number, currentId: string, now: number): Promise<SessionView[]> {
  return (await countingSessions(deps, partnerId, now)).map((row) => ({
    ref: refOf(row), device: row.device, ip: row.ip, signedInAt: row.createdAt, lastSeenAt: row.lastSeenAt, current: row.id === currentId,
  }));
}

/** Ends the partner's own session named by `ref`; false when there is none such (ended, another partner's). */
export async function endSessionByRef(deps: SessionDeps, partnerId: number, ref: string, now: number): Promise<boolean> {
  const row = (await countingSessions(deps, partnerId, now)).find((r) => refOf(r) === ref);
  return row ? deps.repos.partnerSessions.revokeOwn(partnerId, row.id, now) : false;
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
