// Second-tier rewards (docs/promotion-links.md, "Agent links"): a partner who signed up through
// another partner's agent link is its sub-partner; each reward the sub-partner earns also pays
// the referring partner its `second_tier_percent` of that reward, as an entry of its own
// (`reward_tier2`) written with the sub-partner's in one transaction, and reversed with it
// (`reversal_tier2`). One level only: the referrer's own referrer earns nothing from it.
// Exact: percent of the reward's units, rounded down to the reward currency (rewards.ts); the
// ledger's unique (exchange_id, kind) keeps it to one entry per exchange however reports race.
import type { ExchangeEntry, ExchangeRow, TxRepos } from '../../db/repos.js';
import { decimal } from '../../money/decimal.js';
import { computeReward } from './rewards.js';

/** The referrer's entry for a reward of `reward` units to `partnerId`, or null (no referrer, 0 %, blocked, rounds to 0). */
export async function secondTierEntry(repos: TxRepos, partnerId: number, reward: number, currency: string): Promise<ExchangeEntry | null> {
  if (reward <= 0) return null;
  const partner = await repos.partners.findById(partnerId);
  if (partner?.parentPartnerId == null) return null;
  const owner = await repos.partners.findById(partner.parentPartnerId);
  if (!owner || owner.status !== 'active') return null;
  const percent = decimal(owner.secondTierPercent);
  if (percent.lte(0)) return null;
  const amount = computeReward(reward, percent, currency);
  return amount > 0 ? { partnerId: owner.id, kind: 'reward_tier2', amount } : null;
}

/** The reversal of the referrer's share of `exchange`, exactly what was credited, or null. */
export async function secondTierReversal(repos: TxRepos, exchange: ExchangeRow): Promise<ExchangeEntry | null> {
  const credited = await repos.ledger.findForExchange(exchange.id, 'reward_tier2');
  return credited ? { partnerId: credited.partnerId, kind: 'reversal_tier2', amount: -credited.amount } : null;
}

/** The entries of a list, nulls left out. */
export function entries(...list: Array<ExchangeEntry | null>): ExchangeEntry[] {
  return list.filter((entry) => entry !== null);
}
