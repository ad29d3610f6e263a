// What the operator sees of a partner beyond its settings (docs/research/partner-programs.md §1.2: clicks,
// partner exchanges, current percent, balance, total earned, paid out).
import type { PartnerRow, Repos } from '../../db/repos.js';
import { PAYOUT_PAID, PAYOUT_PENDING } from '../../db/repos.js';
import { formatDecimal, fromUnits } from '../../money/decimal.js';
import { rewardPercentFor } from '../ledger/rewards.js';

/** Money as exact decimal strings; counts of counted clicks and of exchanges. */
export interface PartnerStats {
  balance: string;
  total_earned: string;
  /** Earned from sub-partners' rewards (second tier), included in total_earned. */
  second_tier_earned: string;
  total_paid: string;
  total_pending: string;
  turnover: string;
  current_percent: string;
  clicks: number;
  exchanges: number;
  exchanges_success: number;
}

/**
 * balance = total_earned − total_paid − total_pending, where total_earned is rewards minus
 * reversals plus adjustments. Counts exclude bot and repeat clicks.
 */
export async function partnerStats(repos: Repos, partner: PartnerRow): Promise<PartnerStats> {
  const totals = await repos.ledger.totalsByPartner(partner.id);
  const activity = await repos.exchanges.partnerActivity(partner.id);
  const turnover = await repos.exchanges.successfulTurnover(partner.id);
  const money = (units: number | bigint) => formatDecimal(fromUnits(units));
  return {
    balance: money(partner.balance),
    total_earned: money(totals.reward + totals.reversal + totals.adjustment + totals.reward_tier2 + totals.reversal_tier2),
    // Its share of its sub-partners' rewards (docs/promotion-links.md), already in total_earned.
    second_tier_earned: money(totals.reward_tier2 + totals.reversal_tier2),
    total_paid: money(await repos.payouts.sumByPartner(partner.id, [PAYOUT_PAID])),
    total_pending: money(await repos.payouts.sumByPartner(partner.id, [PAYOUT_PENDING])),
    turnover: money(turnover),
    current_percent: formatDecimal(rewardPercentFor(partner, turnover)),
    clicks: activity.clicks,
    exchanges: activity.exchanges,
    exchanges_success: activity.successful,
  };
}
