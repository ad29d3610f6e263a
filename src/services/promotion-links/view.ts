// How a promotion link is shown to its partner, the admin API and the CLI: the public /ref/ URL
// and the link's settings; exact money as decimal strings.
import type { Config } from '../../config.js';
import type { LinkRow } from '../../db/repos.js';
import { referralUrl } from '../partners/partners.js';

export function promotionLinkView(config: Pick<Config, 'siteUrl'>, row: LinkRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    url: referralUrl(config, row.code),
    disabled: row.disabledAt !== null,
    created_at: row.createdAt,
    type: row.linkType,
    target: targetView(row),
    target_url: row.targetUrl,
    visibility: row.visibility,
    visible_partner_ids: row.visiblePartnerIds,
    parameter_type: row.parameterType,
    extra: row.extra,
    updated_at: row.updatedAt,
  };
}

export function targetView(row: LinkRow) {
  switch (row.targetKind) {
    case 'direction': return { kind: 'direction' as const, cur_from: row.targetFrom, cur_to: row.targetTo };
    case 'path': return { kind: 'path' as const, path: row.target };
    default: return { kind: 'home' as const };
  }
}
