// Which partner owns a visitor at a given time. Implemented by the referral issue.
import type { Config } from '../config.js';
import type { Repos } from '../db/repos/index.js';

export interface Attribution {
  partnerId: number;
  linkId: number;
  clickId: number;
}

/**
 * The partner and click that own the visitor `userHash` at unix time `at`, under the
 * configured model (first/last click) and cookie window, or null.
 */
export async function attributeVisitor(
  repos: Repos,
  config: Pick<Config, 'attribution' | 'cookieDays'>,
  userHash: string,
  at: number,
): Promise<Attribution | null> {
  void repos; void config; void userHash; void at;
  return null;
}
