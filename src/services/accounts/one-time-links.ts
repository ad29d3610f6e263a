// One-time links: the operator's invitation (set your password, 72 h) and the password reset
// (1 h). A link is used by one conditional UPDATE (repos.partnerTokens.consume), so it works
// once even when two instances receive it at the same moment. A new link of the same kind
// retires the partner's older ones (one unit of work: of links issued at once, one stays open).
import type { PartnerTokenPurpose, PartnerTokenRow, Repos, TxRepos } from '../../db/repos.js';
import { SECRET_TOKEN_PATTERN, newSecretToken, tokenId } from './secret-token.js';

export const LINK_LIFETIME_SECONDS: Record<PartnerTokenPurpose, number> = { invite: 72 * 3600, reset: 3600 };

export type LinkState = { state: 'valid'; row: PartnerTokenRow } | { state: 'used' | 'expired' | 'unknown' };

export function passwordLinkUrl(siteUrl: string, token: string): string {
  return `${siteUrl}/partner/set-password/${token}`;
}

/**
 * A new link, the partner's older ones of `purpose` retired in the same unit of work: links
 * issued at once (two reset requests, two instances) each retired the others before any was
 * written, and all of them stayed open.
 */
export async function issueLink(repos: Repos, partnerId: number, purpose: PartnerTokenPurpose, now: number) {
  const token = newSecretToken();
  const expiresAt = now + LINK_LIFETIME_SECONDS[purpose];
  await repos.transaction(async (tx) => {
    await tx.partnerTokens.retire(partnerId, purpose, now);
    await tx.partnerTokens.insert({ id: tokenId(token), partnerId, purpose, createdAt: now, expiresAt });
  });
  return { token, expiresAt };
}

/** What a link is worth now, without using it (the form is shown only for a valid one). */
export async function checkLink(repos: TxRepos, token: string, now: number): Promise<LinkState> {
  const row = SECRET_TOKEN_PATTERN.test(token) ? await repos.partnerTokens.findById(tokenId(token)) : null;
  return describe(row, now);
}

/** Uses the link: the row when this call used it, else why not. */
export async function useLink(repos: TxRepos, token: string, now: number): Promise<LinkState> {
  if (!SECRET_TOKEN_PATTERN.test(token)) return { state: 'unknown' };
  const used = await repos.partnerTokens.consume(tokenId(token), now);
  if (used) return { state: 'valid', row: used };
  const row = await repos.partnerTokens.findById(tokenId(token));
  return describe(row, now, true);
}

function describe(row: PartnerTokenRow | null, now: number, lost = false): LinkState {
  if (!row) return { state: 'unknown' };
  if (row.usedAt !== null || lost) return row.usedAt !== null ? { state: 'used' } : { state: 'expired' };
  if (row.expiresAt <= now) return { state: 'expired' };
  return { state: 'valid', row };
}
