// What the operator sees of a partner beyond its settings. Filled in by the ledger issue
// (balance, total_earned, total_paid, clicks, exchanges).
import type { Repos } from '../db/repos/index.js';
import type { PartnerRow } from '../db/repos/partners.js';

export async function partnerStats(repos: Repos, partner: PartnerRow): Promise<Record<string, unknown>> {
  void repos;
  void partner;
  return {};
}
