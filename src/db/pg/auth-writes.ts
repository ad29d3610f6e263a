// The repository writes that can change what the token check reads (a partner's auth_version
// and status: repos/partner-accounts.ts activeAuthVersion), reported with the partner's id so
// that the remembered versions (./auth-versions.ts) are forgotten once they have committed.
import type { TxRepos } from '../repos.js';

export function reportingAuthWrites(repos: TxRepos, changed: (partnerId: number) => Promise<void> | void): TxRepos {
  const { partnerAccounts: accounts, partners } = repos;
  const after = async <T>(partnerId: number, write: Promise<T>): Promise<T> => {
    const result = await write;
    await changed(partnerId);
    return result;
  };
  return {
    ...repos,
    partnerAccounts: {
      ...accounts,
      create: (values) => after(values.partnerId, accounts.create(values)),
      setPassword: (partnerId, hash, at) => after(partnerId, accounts.setPassword(partnerId, hash, at)),
      bumpAuthVersion: (partnerId) => after(partnerId, accounts.bumpAuthVersion(partnerId)),
    },
    partners: {
      ...partners,
      // Only a status change matters (blocked and pending partners' tokens are refused).
      update: (id, patch, fromStatus) => ('status' in patch ? after(id, partners.update(id, patch, fromStatus)) : partners.update(id, patch, fromStatus)),
    },
  };
}
