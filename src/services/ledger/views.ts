// The admin API's JSON for exchanges and payouts: money as exact decimal strings, times as unix seconds.
import type { ExchangeRow } from '../../db/repos.js';
import { formatDecimal, fromUnits } from '../../money/decimal.js';
import type { Payout } from './payouts.js';

/** A reward is accrued while it stands: credited (above the minimum unit) and not refunded. */
export function isAccrued(row: Pick<ExchangeRow, 'status' | 'reward'>): boolean {
  return row.status === 'success' && row.reward > 0;
}

export function exchangeView(row: ExchangeRow) {
  return {
    id: row.id,
    external_id: row.externalId,
    partner_id: row.partnerId,
    click_id: row.clickId,
    user_hash: row.userHash,
    ref_code: row.refCode,
    time: row.time,
    cur_give: row.curGive,
    cur_get: row.curGet,
    amount_give: row.amountGive,
    amount_get: row.amountGet,
    course_give: row.courseGive,
    course_get: row.courseGet,
    status: row.status,
    reward_base_amount: formatDecimal(fromUnits(row.rewardBase)),
    reward_percent: row.rewardPercent,
    reward: formatDecimal(fromUnits(row.reward)),
    accrued: isAccrued(row),
    flag: row.flag,
    review: row.review,
    reviewed_by: row.reviewedBy,
    reviewed_at: row.reviewedAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const STATUS_NAMES = ['pending', 'paid', 'canceled', 'canceled'] as const;

/** The wire shape of a payout (admin API, CLI --json): exact decimals as strings. */
export function payoutView(payout: Payout) {
  return {
    id: payout.id,
    partner_id: payout.partnerId,
    method_id: payout.methodId,
    account: payout.account,
    amount: formatDecimal(payout.amount),
    status: STATUS_NAMES[payout.status],
    canceled_by: payout.status === 2 ? 'operator' : payout.status === 3 ? 'partner' : null,
    tx_ref: payout.txRef,
    created_at: payout.createdAt,
    paid_at: payout.paidAt,
    canceled_at: payout.canceledAt,
  };
}
