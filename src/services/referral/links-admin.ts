// The operator's changes to a referral link. A link is never deleted (its clicks and exchanges
// keep pointing at it): "delete" disables it. A disabled link still redirects its visitors but
// records nothing and attributes nothing; the redirect notices within its lookup cache's TTL (2 s).
import type { Config } from '../../config.js';
import type { LinkRow, Repos } from '../../db/repos.js';
import { NotFoundError } from '../../errors.js';
import { safeText } from '../partners/partners.js';
import { promotionLinkView } from '../promotion-links/view.js';

export interface LinkPatch {
  name?: string | null;
  disabled?: boolean;
}

export async function updateLink(repos: Repos, config: Config, code: string, patch: LinkPatch, now: number) {
  // The rule of the link's creation: the name reaches the cabinet, the REST API and terminals.
  const name = typeof patch.name === 'string' ? safeText('name', patch.name) : patch.name;
  const current = await repos.links.findByCode(code);
  if (!current) throw new NotFoundError(`Referral link ${code}`);
  const disabledAt = patch.disabled === undefined ? undefined : patch.disabled ? current.disabledAt ?? now : null;
  const row = await repos.links.update(code, { name, disabledAt, updatedAt: now });
  if (!row) throw new NotFoundError(`Referral link ${code}`);
  return adminLinkView(config, row);
}

export async function listLinks(repos: Repos, config: Config, partnerId?: number) {
  const rows = partnerId === undefined ? await repos.links.list() : await repos.links.listByPartner(partnerId);
  return rows.map((row) => adminLinkView(config, row));
}

/** The operator's view: the partner's view of the link (with its target, type, visibility…), its partner and when it was disabled. */
export function adminLinkView(config: Config, row: LinkRow) {
  return { ...promotionLinkView(config, row), partner_id: row.partnerId, disabled_at: row.disabledAt };
}
