// Signing in with email and password: what the cabinet's form and the REST API's /api/auth/
// both call, so that they throttle and refuse alike. Failures are counted per IP and per
// account in app.attempts (shared by every instance when the store is), and a throttled
// request is refused before the password is checked, so guessing costs time, not just tries.
import type { PartnerAccountRow, TxRepos } from '../../db/repos.js';
import type { AttemptCounter } from '../limits/attempt-counter.js';
import { hashPassword, verifyPassword } from './passwords.js';

/** Failed sign-ins allowed per window before the IP, or the account, must wait. */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const SIGN_IN_FAILURES_PER_IP = 30;
export const SIGN_IN_FAILURES_PER_ACCOUNT = 10;

export interface CredentialsDeps {
  repos: TxRepos;
  attempts: AttemptCounter;
  passwordCost: number;
  now: () => number;
}

export type SignInResult =
  | { ok: true; partnerId: number; authVersion: number }
  /** `invalid` covers unknown email, wrong password and no password yet: a caller cannot tell them apart. */
  | { ok: false; reason: 'invalid' | 'blocked' | 'pending' }
  | { ok: false; reason: 'throttled'; retryAfter: number };

const ipKey = (ip: string) => `sign-in:ip:${ip}`;
const accountKey = (email: string) => `sign-in:account:${email.toLowerCase()}`;

// Checked against an unknown email too, so that the answer's timing does not say whether
// an account exists. Computed once, at the cost in use.
let dummy: { cost: number; hash: Promise<string> } | null = null;
function dummyHash(cost: number): Promise<string> {
  if (dummy?.cost !== cost) dummy = { cost, hash: hashPassword('not a password of anyone', cost) };
  return dummy.hash;
}

export async function signIn(deps: CredentialsDeps, typed: string, password: string, ip: string): Promise<SignInResult> {
  // A pasted address often carries a space or a tab; no address has one at either end.
  const email = typed.trim();
  const checked = await checkPassword(deps, email, password, ip);
  if (!checked.ok) return checked;
  const { account } = checked;
  // Only the owner of the password learns that the account is blocked or waiting.
  const partner = await deps.repos.partners.findById(account.partnerId);
  if (partner?.status !== 'active') return { ok: false, reason: partner?.status === 'pending' ? 'pending' : 'blocked' };
  await deps.attempts.reset(accountKey(email));
  await deps.repos.partnerAccounts.touchSignIn(account.partnerId, deps.now());
  return { ok: true, partnerId: account.partnerId, authVersion: account.authVersion };
}

type PasswordCheck = { ok: true; account: PartnerAccountRow } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfter: number };

/**
 * The password of the account of `email`, checked within the sign-in limits: signing in and
 * changing the password (which asks for the current one) count failures alike.
 */
export async function checkPassword(deps: CredentialsDeps, email: string, password: string, ip: string): Promise<PasswordCheck> {
  const { repos, attempts } = deps;
  // Each attempt is counted before its password is checked (scrypt takes a while), so that a
  // burst sent at once cannot pass the limits; one that turns out not to be a failure is taken back.
  const keys = [ipKey(ip), accountKey(email)];
  const [byIp = 0, byAccount = 0] = await Promise.all(keys.map((key) => attempts.hit(key, SIGN_IN_WINDOW_SECONDS)));
  const release = () => Promise.all(keys.map((key) => attempts.release(key, SIGN_IN_WINDOW_SECONDS)));
  // `hit` counts this attempt too: the earlier ones reach the limit when it passes it by one.
  if (byIp >= SIGN_IN_FAILURES_PER_IP + 1 || byAccount >= SIGN_IN_FAILURES_PER_ACCOUNT + 1) {
    await release();
    return { ok: false, reason: 'throttled', retryAfter: SIGN_IN_WINDOW_SECONDS };
  }
  // No address holds a control character, and PostgreSQL refuses a NUL in a query: not looked up.
  const account = /\p{Cc}/u.test(email) ? null : await repos.partnerAccounts.findByEmail(email);
  const matches = await verifyPassword(password, account?.passwordHash ?? await dummyHash(deps.passwordCost));
  if (!account || !account.passwordHash || !matches) return { ok: false, reason: 'invalid' };
  await release();
  return { ok: true, account };
}

/**
 * The version a session or token must carry to be honoured now, or null when none is: no
 * account, the partner blocked or pending. Called on every authenticated request, so it is
 * one prepared read (BENCHMARKS.md, rest-api: its cost per request).
 */
export async function currentAuthVersion(repos: TxRepos, partnerId: number): Promise<number | null> {
  return repos.partnerAccounts.activeAuthVersion(partnerId);
}
