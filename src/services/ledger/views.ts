// The admin API's JSON for exchanges and payouts: money as exact decimal strings, times as unix seconds.
import type { ExchangeRow } from '../../db/repos.js';
import { formatDecimal, fromUnits } from '../../money/decimal.js';
import type { PayoutView } from './payouts.js';

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

export function payoutJson(view: PayoutView) {
  return {
    id: view.id,
    partner_id: view.partnerId,
    method_id: view.methodId,
    account: view.account,
    amount: formatDecimal(view.amount),
    status: STATUS_NAMES[view.status],
    canceled_by: view.status === 2 ? 'operator' : view.status === 3 ? 'partner' : null,
    tx_ref: view.txRef,
    created_at: view.createdAt,
    paid_at: view.paidAt,
    canceled_at: view.canceledAt,
  };
}
