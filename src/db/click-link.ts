// What the referral redirect reads of a link, shaped the same by either engine.
import type { ClickLink, LinkRow, PartnerStatus } from './rows.js';

export type ClickLinkColumns = Pick<LinkRow, 'partnerId' | 'disabledAt' | 'linkType' | 'targetKind' | 'target' | 'targetFrom' | 'targetTo' | 'parameterType'>
  & { linkId: number; status: PartnerStatus };

export function toClickLink(row: ClickLinkColumns): ClickLink {
  return {
    linkId: row.linkId,
    partnerId: row.partnerId,
    active: row.disabledAt === null && row.status === 'active',
    linkType: row.linkType,
    targetKind: row.targetKind,
    target: row.target,
    targetFrom: row.targetFrom,
    targetTo: row.targetTo,
    parameterType: row.parameterType,
  };
}
