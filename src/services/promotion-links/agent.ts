// Agent links recruit partners (the seed's introduceType=Agent): a partner who signs up through
// one becomes a sub-partner of the link's owner, who then earns its second-tier percent of the
// sub-partner's rewards (src/services/ledger/second-tier.ts). The cabinet's sign-up page calls
// attachSubPartner with the `ref` code the agent link sent the visitor with.
import type { Repos } from '../../db/repos.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';
import { CODE_PATTERN } from '../../ids.js';

/**
 * Makes `newPartnerId` a sub-partner of the owner of the agent link `linkCode`. Refused when the
 * link is unknown, not an agent link or disabled, when it is the partner's own link, or when the
 * partner already has a referrer (it is set once). Returns the owner's id.
 */
export async function attachSubPartner(repos: Repos, linkCode: string, newPartnerId: number): Promise<number> {
  return repos.transaction(async (tx) => {
    const link = CODE_PATTERN.test(linkCode) ? await tx.links.findByCode(linkCode) : null;
    if (!link || link.linkType !== 'agent' || link.disabledAt !== null) throw new NotFoundError(`Agent link ${linkCode}`);
    const partner = await tx.partners.findById(newPartnerId);
    if (!partner) throw new NotFoundError(`Partner ${newPartnerId}`);
    if (link.partnerId === newPartnerId) throw new UnprocessableError('A partner cannot be its own sub-partner');
    if (partner.parentPartnerId !== null) throw new ConflictError(`Partner ${newPartnerId} already has a referring partner`);
    await tx.partners.update(newPartnerId, { parentPartnerId: link.partnerId });
    return link.partnerId;
  });
}
