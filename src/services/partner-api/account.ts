// get_info, get_payouts, add_payout and cancel_payout: the balance and the payouts as
// Premium's ppapi shows them (docs/research/partner-programs.md §1.3, §1.7). The ledger rules live in
// services/payouts.ts; this module only shapes what partners see.
import type { Config } from '../../config.js';
import type { PartnerRow, PayoutMethodRow, Repos } from '../../db/repos.js';
import { NotFoundError } from '../../errors.js';
import { decimal, fromUnits, toJsonNumber, type Decimal } from '../../money/decimal.js';
import { cancelPayout, partnerBalance, payoutReceivable, toPayout, requestPayout, type Payout } from '../ledger/payouts.js';
import { formatDate } from './format.js';
import { nextCursor, readPayoutRequest, readReportQuery, requiredId, type ApiParams } from './params.js';
import { KeyedItems } from './serialize.js';
import { listPayouts as listPartnerPayouts } from '../reports/reports.js';

type AccountConfig = Pick<Config, 'timeZone' | 'rewardCurrency'>;

export async function getInfo(repos: Repos, config: AccountConfig, partner: PartnerRow) {
  const { balance, totalReceived } = await partnerBalance(repos, partner.id);
  const link = await repos.links.primaryForPartner(partner.id);
  const methods = await repos.payoutMethods.listActive();
  return {
    balance: toJsonNumber(balance),
    totalReceived: toJsonNumber(totalReceived),
    link: link?.code ?? '',
    min_payout: toJsonNumber(fromUnits(partner.minPayout)),
    items: new KeyedItems(methods.map((method) => methodItem(method, balance, config))),
  };
}

/**
 * A payout method as Premium's get_info lists it, `comission` [sic] included for its clients.
 * `amount` (what the whole balance would bring after the commission) is given only when the
 * method pays in the reward currency: otherwise it depends on a rate fixed at payment time. A
 * balance below zero (a refund after a payout) brings nothing, not a negative amount.
 */
function methodItem(method: PayoutMethodRow, balance: Decimal, config: AccountConfig) {
  const commission = toJsonNumber(decimal(method.commission));
  return {
    id: method.id,
    title: method.title,
    currency: method.currency,
    comission: commission,
    commission,
    amount: method.currency === config.rewardCurrency
      ? toJsonNumber(payoutReceivable(balance.gt(0) ? balance : decimal(0), method.commission, config.rewardCurrency))
      : undefined,
  };
}

export async function getPayouts(repos: Repos, config: AccountConfig, partner: PartnerRow, params: ApiParams) {
  const query = readReportQuery(params);
  const rows = await listPartnerPayouts(repos, { partnerId: partner.id, ...query });
  const methods = await methodsById(repos, rows.map((row) => row.methodId));
  const items = new KeyedItems(rows.map((row) => payoutItem(toPayout(row), methods.get(row.methodId), config)));
  return { items, next_cursor: nextCursor(rows, (r) => r.createdAt, query) };
}

export async function addPayout(repos: Repos, partner: PartnerRow, params: ApiParams, now: number) {
  const payout = await requestPayout(repos, { partnerId: partner.id, ...readPayoutRequest(params) }, now);
  const { balance } = await partnerBalance(repos, partner.id);
  return { payout_id: payout.id, amount: toJsonNumber(payout.amount), balance: toJsonNumber(balance) };
}

/** An extension: the partner takes back a pending request (status 3); the amount returns to the balance. */
export async function cancelOwnPayout(repos: Repos, partner: PartnerRow, params: ApiParams, now: number) {
  const payoutId = requiredId(params, 'payout_id');
  if (!(await repos.partnerReports.findPayout(partner.id, payoutId))) throw new NotFoundError(`Payout ${payoutId}`);
  const payout = await cancelPayout(repos, payoutId, 'partner', now);
  const { balance } = await partnerBalance(repos, partner.id);
  return { payout_id: payout.id, status: payout.status, balance: toJsonNumber(balance) };
}

/** The methods a page of payouts refers to, deleted ones included. */
async function methodsById(repos: Repos, ids: number[]): Promise<Map<number, PayoutMethodRow>> {
  const rows = await Promise.all([...new Set(ids)].map((id) => repos.payoutMethods.findById(id)));
  return new Map(rows.filter((row) => row !== null).map((row) => [row.id, row]));
}

function payoutItem(payout: Payout, method: PayoutMethodRow | undefined, config: AccountConfig) {
  const sameCurrency = method?.currency === config.rewardCurrency;
  return {
    id: payout.id,
    time: payout.createdAt,
    date: formatDate(payout.createdAt, config.timeZone),
    method_id: payout.methodId,
    account: payout.account,
    pay_amount: method && sameCurrency ? toJsonNumber(payoutReceivable(payout.amount, method.commission, config.rewardCurrency)) : null,
    pay_currency_code: method?.currency ?? '',
    original_amount: toJsonNumber(payout.amount),
    original_currency_code: config.rewardCurrency,
    status: payout.status,
  };
}
