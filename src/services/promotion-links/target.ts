// A promotion link's target, from what a partner sends: an exchange direction (cur_from and
// cur_to), a page of the operator's site (a path, or an absolute URL on RATELINK_SITE_URL's
// origin), or the home page. An agent link's target URL is only stored: it is never followed.
import type { LinkRow, LinkType } from '../../db/repos.js';
import { onField, TargetOriginError, ValidationError } from '../../errors.js';
import { isCurrencyCode } from '../../money/currency.js';
import { sameOriginPath } from '../referral/redirect-target.js';

export interface TargetInput {
  target_url?: string | null;
  cur_from?: string | null;
  cur_to?: string | null;
}

export type ResolvedTarget = Pick<LinkRow, 'targetKind' | 'target' | 'targetFrom' | 'targetTo' | 'targetUrl'>;

const TARGET_URL_MAX = 2000;

export function resolveTarget(siteUrl: string, type: LinkType, input: TargetInput): ResolvedTarget {
  const targetUrl = input.target_url === undefined || input.target_url === null || input.target_url === '' ? null : input.target_url;
  if (targetUrl !== null && targetUrl.length > TARGET_URL_MAX) throw onField(new ValidationError('target_url', `expected at most ${TARGET_URL_MAX} characters`), 'target_url');
  // A client link's URL goes through the origin check, which refuses control characters too.
  // (An unpaired surrogate could not be stored as sent either: PostgreSQL would keep U+FFFD.)
  if (targetUrl !== null && type === 'agent' && /[\p{Cc}\p{Cs}]/u.test(targetUrl)) {
    throw onField(new ValidationError('target_url', 'expected no control characters or unpaired surrogates'), 'target_url');
  }
  const from = input.cur_from ?? null;
  const to = input.cur_to ?? null;
  if (from !== null || to !== null) {
    if (from === null || to === null || !isCurrencyCode(from) || !isCurrencyCode(to)) {
      throw onField(new ValidationError('cur_from', 'a direction needs both cur_from and cur_to, currency codes of 2-50 of A-Z 0-9 _'), 'cur_from');
    }
    return { targetKind: 'direction', target: null, targetFrom: from.toUpperCase(), targetTo: to.toUpperCase(), targetUrl };
  }
  if (targetUrl === null || type === 'agent') return { targetKind: 'home', target: null, targetFrom: null, targetTo: null, targetUrl };
  const path = sameOriginPath(siteUrl, targetUrl);
  if (path === null) throw onField(new TargetOriginError(new URL(siteUrl).origin), 'target_url');
  return path === '/'
    ? { targetKind: 'home', target: null, targetFrom: null, targetTo: null, targetUrl }
    : { targetKind: 'path', target: path, targetFrom: null, targetTo: null, targetUrl };
}
