// How a partner gets and keeps a password: the operator's invitation, approval of a pending
// sign-up, reset links (by the operator, or by mail when SMTP is set), setting the password
// from a one-time link, and self-registration (RATELINK_PARTNER_SIGNUP).
import type { Config } from '../../config.js';
import type { Repos, TxRepos } from '../../db/repos.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { newReferralCode } from '../../ids.js';
import type { AttemptCounter } from '../limits/attempt-counter.js';
import { createPartner, emailAddress, getPartner } from '../partners/partners.js';
import { checkPassword, type CredentialsDeps } from './credentials.js';
import { hashPassword } from './passwords.js';
import { checkLink, issueLink, passwordLinkUrl, useLink } from './one-time-links.js';

type LinkConfig = Pick<Config, 'siteUrl'>;

/**
 * The operator invites a partner: the account (the partner's email unless another is given) and
 * a 72 h link. An account that exists moves to the email given, if any.
 */
export async function invitePartner(repos: Repos, config: LinkConfig, partnerId: number, now: number, email?: string) {
  // Checked here, not by a route's schema: the CLI's --email reaches this function directly.
  if (email !== undefined) emailAddress(email);
  const partner = await getPartner(repos, partnerId);
  const taken = (address: string) => new ConflictError(`The email ${address} already belongs to another partner's account`);
  let account = await repos.partnerAccounts.findByPartner(partnerId)
    ?? await repos.partnerAccounts.create({ partnerId, email: email ?? partner.email, at: now })
    // Refused because another invitation of this partner created its account meanwhile (two
    // at once answered 409 "another partner's account"), or because the email is another's.
    ?? await repos.partnerAccounts.findByPartner(partnerId);
  if (!account) throw taken(email ?? partner.email);
  if (email !== undefined && email.toLowerCase() !== account.email) {
    // The operator's way to change the email a partner signs in with: the link goes to the new one.
    account = await repos.partnerAccounts.setEmail(partnerId, email);
    if (!account) throw taken(email);
  }
  const { token, expiresAt } = await issueLink(repos, partnerId, 'invite', now);
  return { partner_id: partnerId, email: account.email, url: passwordLinkUrl(config.siteUrl, token), expires_at: expiresAt };
}

/** The operator's reset link for a partner who has an account. */
export async function passwordResetLink(repos: Repos, config: LinkConfig, partnerId: number, now: number) {
  await getPartner(repos, partnerId);
  const account = await repos.partnerAccounts.findByPartner(partnerId);
  if (!account) throw new NotFoundError(`Account of partner ${partnerId} (invite the partner first)`);
  const { token, expiresAt } = await issueLink(repos, partnerId, 'reset', now);
  return { partner_id: partnerId, email: account.email, url: passwordLinkUrl(config.siteUrl, token), expires_at: expiresAt };
}

/** A pending partner (self-registered under RATELINK_PARTNER_SIGNUP=approval) becomes active. */
export async function approvePartner(repos: Repos, partnerId: number) {
  // Conditional: a block committed since a read would otherwise be undone (both answered 200,
  // the partner ended active).
  const row = await repos.partners.update(partnerId, { status: 'active' }, 'pending');
  if (row) return { partner_id: partnerId, status: row.status };
  const partner = await getPartner(repos, partnerId);
  throw new ConflictError(`Partner ${partnerId} is ${partner.status}, not pending`);
}

export type SetPasswordResult = { ok: true; partnerId: number; authVersion: number } | { ok: false; reason: 'used' | 'expired' | 'unknown' };

/** Uses a one-time link to set the password; every earlier session ends (auth_version moves). */
export async function setPasswordWithLink(repos: Repos, cost: number, token: string, password: string, now: number): Promise<SetPasswordResult> {
  // A hash costs a second of CPU and 128 MiB (cost 17): none for a link that cannot be used,
  // or anyone could keep the server busy with made-up links. useLink still decides the race.
  const checked = await checkLink(repos, token, now);
  if (checked.state !== 'valid') return { ok: false, reason: checked.state };
  const hash = await hashPassword(password, cost);
  // One unit of work: an invitation and a reset link used at once both set the password (the
  // second silently replacing the first) when each was used before the other's retired it.
  return repos.transaction(async (tx): Promise<SetPasswordResult> => {
    const link = await useLink(tx, token, now);
    if (link.state !== 'valid') return { ok: false, reason: link.state };
    const version = await tx.partnerAccounts.setPassword(link.row.partnerId, hash, now);
    if (version === null) return { ok: false, reason: 'unknown' };
    await tx.partnerSessions.revokeAll(link.row.partnerId, now);
    // The password is set: any other open link (an unused invitation next to a reset) could set
    // it again, so none is left.
    for (const purpose of ['invite', 'reset'] as const) await tx.partnerTokens.retire(link.row.partnerId, purpose, now);
    return { ok: true, partnerId: link.row.partnerId, authVersion: version };
  });
}

export type ChangePasswordResult = { ok: true; authVersion: number } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfter: number };

/**
 * A signed-in partner changes the password, typing the current one (checked and throttled as a
 * sign-in). Every session and REST token ends (auth_version moves); the caller starts a new
 * session for the browser that asked.
 */
export async function changePassword(deps: CredentialsDeps & { repos: Repos }, partnerId: number, current: string, next: string, ip: string): Promise<ChangePasswordResult> {
  const account = await deps.repos.partnerAccounts.findByPartner(partnerId);
  if (!account) return { ok: false, reason: 'invalid' };
  const checked = await checkPassword(deps, account.email, current, ip);
  if (!checked.ok) return checked;
  const hash = await hashPassword(next, deps.passwordCost);
  const now = deps.now();
  // One unit of work, as setPasswordWithLink: a reset link used meanwhile cannot slip between.
  return deps.repos.transaction(async (tx): Promise<ChangePasswordResult> => {
    const version = await tx.partnerAccounts.setPassword(partnerId, hash, now);
    if (version === null) return { ok: false, reason: 'invalid' };
    await tx.partnerSessions.revokeAll(partnerId, now);
    // A reset link someone asked for before the change must not undo it.
    for (const purpose of ['invite', 'reset'] as const) await tx.partnerTokens.retire(partnerId, purpose, now);
    return { ok: true, authVersion: version };
  });
}

/** Reset requests per address and per email per hour: mail costs, and must not flood an inbox. */
export const RESET_REQUESTS_PER_HOUR = 5;

/**
 * "Forgot my password": when the email has an account, a reset link for it, else null. The
 * caller answers the same either way and sends the mail off the request path.
 */
export async function requestPasswordReset(repos: Repos, attempts: AttemptCounter, config: LinkConfig, email: string, ip: string, now: number) {
  const keys = [`reset:ip:${ip}`, `reset:email:${email.toLowerCase()}`];
  if (!(await withinLimit(attempts, keys, RESET_REQUESTS_PER_HOUR))) return null;
  const account = await repos.partnerAccounts.findByEmail(email);
  if (!account) return null;
  const partner = await repos.partners.findById(account.partnerId);
  if (partner?.status !== 'active') return null;
  const { token } = await issueLink(repos, account.partnerId, 'reset', now);
  return { to: account.email, url: passwordLinkUrl(config.siteUrl, token) };
}

/**
 * Counts a request under each key, for an hour; false (and counted under none) when one of them
 * is past `perHour`. Counted before it is checked, as sign-ins are: a burst sent at once, which
 * read the counts before any of its requests was counted, passed the limit (12 sign-ups at once
 * from one address created 12 partners with the shared Redis counter).
 */
async function withinLimit(attempts: AttemptCounter, keys: string[], perHour: number): Promise<boolean> {
  const counts = await Promise.all(keys.map((key) => attempts.hit(key, 3600)));
  if (counts.every((n) => n < perHour + 1)) return true;
  await Promise.all(keys.map((key) => attempts.release(key, 3600)));
  return false;
}

/** Sign-ups per address per hour. */
export const SIGN_UPS_PER_HOUR = 5;

/** `partnerId`: the new partner (null when the email was taken: nothing was created). */
export type SignUpResult = { ok: true; created: boolean; partnerId: number | null } | { ok: false; reason: 'throttled' };

/**
 * Self-registration: a partner (pending under `approval`, active under `open`) with its
 * account and password. A taken email creates nothing, and the answer does not say so.
 */
export async function signUp(
  repos: Repos, attempts: AttemptCounter, config: Pick<Config, 'partnerSignup' | 'passwordCost'>,
  input: { name: string; email: string; password: string }, ip: string, now: number,
): Promise<SignUpResult> {
  if (!(await withinLimit(attempts, [`sign-up:ip:${ip}`], SIGN_UPS_PER_HOUR))) return { ok: false, reason: 'throttled' };
  const hash = await hashPassword(input.password, config.passwordCost);
  // The email is not verified: a sign-up may not take the email of an account, nor that of a
  // partner the operator created (whose invitation would then fail). Either way the page says
  // the same as for a new sign-up.
  const taken = async (r: TxRepos) => (await r.partnerAccounts.findByEmail(input.email)) !== null || r.partners.hasEmail(input.email);
  if (await taken(repos)) return { ok: true, created: false, partnerId: null };
  const created = await repos.transaction(async (tx) => {
    if (await taken(tx)) return null;
    const partner = await createPartner(tx as Repos, { name: input.name, email: input.email.toLowerCase() });
    await tx.partners.update(partner.id, { status: config.partnerSignup === 'open' ? 'active' : 'pending' });
    await tx.partnerAccounts.create({ partnerId: partner.id, email: input.email, at: now });
    await tx.partnerAccounts.setPassword(partner.id, hash, now);
    // The partnership link the cabinet shows: every partner starts with one.
    await tx.links.insert({ code: newReferralCode(), partnerId: partner.id, name: null });
    return partner.id;
  });
  return { ok: true, created: created !== null, partnerId: created };
}
