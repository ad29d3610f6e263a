// Which partner owns a visitor at a given time: the one rule the exchange ledger uses to
// credit a reward. The visitor's counted clicks (not bots, not repeats, on a partner's link)
// inside the cookie window (at - RATELINK_COOKIE_DAYS days, at] are the candidates;
// RATELINK_ATTRIBUTION=first picks the earliest (the partner who brought the visitor keeps
// them for the cookie lifetime), last picks the latest (docs/research/partner-programs.md §5.1, §5.2).
import type { Config } from '../../config.js';
import type { ClickRow, SubIdField, TxRepos } from '../../db/repos.js';
import { USER_HASH_PATTERN } from '../../ids.js';

export interface Attribution {
  partnerId: number;
  linkId: number;
  clickId: number;
  /** The click's sub-ids, carried to the exchange. */
  subs: Pick<ClickRow, SubIdField>;
}

/**
 * The partner and click that own the visitor `userHash` at unix time `at`, under the
 * configured model (first/last click) and cookie window, or null. `clickedUpTo` narrows the
 * candidates to clicks at or before that time (a pre-signing visitor id: visitor-cookie.ts).
 */
export async function attributeVisitor(
  repos: TxRepos,
  config: Pick<Config, 'attribution' | 'cookieDays'>,
  userHash: string,
  at: number,
  clickedUpTo = at,
): Promise<Attribution | null> {
  if (!USER_HASH_PATTERN.test(userHash) || !Number.isSafeInteger(at)) return null;
  const after = at - config.cookieDays * 86_400;
  const click = await repos.clicks.findOwningClick(userHash, after, Math.min(at, clickedUpTo), config.attribution);
  if (!click || click.partnerId === null || click.linkId === null) return null;
  const subs = { sub1: click.sub1, sub2: click.sub2, sub3: click.sub3, sub4: click.sub4, sub5: click.sub5 };
  return { partnerId: click.partnerId, linkId: click.linkId, clickId: click.id, subs };
}
