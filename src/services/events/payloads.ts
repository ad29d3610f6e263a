// What each event's `data` says. The same payload goes to the operator's endpoints and to the
// partner's own, so it carries only what the partner API shows a partner: no visitor ids, no
// IP addresses, no review notes. Money as exact decimal strings, times as unix seconds.
import type { ExchangeRow, PayoutRow } from '../../db/repos.js';
import { formatDecimal, fromUnits } from '../../money/decimal.js';
import type { NewEvent } from './types.js';

const money = (units: number) => formatDecimal(fromUnits(units));

export function exchangeData(row: ExchangeRow, rewardCurrency: string): Record<string, unknown> {
  return {
    id: row.id, external_id: row.externalId, status: row.status, partner_id: row.partnerId, click_id: row.clickId,
    cur_from: row.curGive, cur_to: row.curGet, amount_give: row.amountGive, amount_get: row.amountGet,
    reward: money(row.reward), reward_currency: rewardCurrency, reward_percent: row.rewardPercent,
    time: row.time, created_at: row.createdAt, updated_at: row.updatedAt,
    // The partner's own tags of the attributed click (what get_exchanges shows them): the
    // postback macros {sub1}…{sub5} read them.
    sub_ids: { sub1: row.sub1, sub2: row.sub2, sub3: row.sub3, sub4: row.sub4, sub5: row.sub5 },
  };
}

/** The events of an exchange written or moved: created/updated, and the reward it earned or lost. */
export function exchangeEvents(before: ExchangeRow | null, after: ExchangeRow, rewardCurrency: string): NewEvent[] {
  const data = exchangeData(after, rewardCurrency);
  const events: NewEvent[] = [{ type: before ? 'exchange.updated' : 'exchange.created', partnerId: after.partnerId, data }];
  if (after.partnerId !== null && after.reward > 0) {
    if (after.status === 'success' && before?.status !== 'success') events.push({ type: 'reward.accrued', partnerId: after.partnerId, data: rewardData(after, rewardCurrency, after.reward) });
    if (after.status === 'refunded') events.push({ type: 'reward.reversed', partnerId: after.partnerId, data: rewardData(after, rewardCurrency, -after.reward) });
  }
  return events;
}

export function rewardData(row: ExchangeRow, rewardCurrency: string, units: number): Record<string, unknown> {
  return { exchange_id: row.id, external_id: row.externalId, partner_id: row.partnerId, amount: money(units), currency: rewardCurrency };
}

const PAYOUT_STATUS = ['pending', 'paid', 'canceled', 'canceled'] as const;

/** Amounts are in the ledger's currency (RATELINK_REWARD_CURRENCY), like every balance. */
export function payoutEvent(type: 'payout.requested' | 'payout.paid' | 'payout.canceled', row: PayoutRow): NewEvent {
  return {
    type, partnerId: row.partnerId,
    data: {
      id: row.id, partner_id: row.partnerId, method_id: row.methodId, amount: money(row.amount),
      status: PAYOUT_STATUS[row.status] ?? 'unknown', canceled_by: row.status === 3 ? 'partner' : row.status === 2 ? 'operator' : null,
      created_at: row.createdAt, paid_at: row.paidAt, canceled_at: row.canceledAt,
    },
  };
}
