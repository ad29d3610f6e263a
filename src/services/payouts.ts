// Payouts: reservation, payment and cancellation. Implemented by the ledger issue;
// the partner API (add_payout, get_payouts) and the admin API both call these.
import type { Repos } from '../db/repos/index.js';
import type { Decimal } from '../money/decimal.js';

export interface PayoutView {
  id: number;
  partnerId: number;
  methodId: number;
  account: string;
  amount: Decimal;
  /** 0 pending, 1 paid, 2 canceled, 3 canceled by the partner */
  status: 0 | 1 | 2 | 3;
  txRef: string | null;
  createdAt: number;
  paidAt: number | null;
  canceledAt: number | null;
}

/** Reserves `amount` (default: the whole balance) of the partner's balance for a new payout. */
export async function requestPayout(
  repos: Repos,
  input: { partnerId: number; methodId: number; account: string; amount?: Decimal },
  at: number,
): Promise<PayoutView> {
  void repos; void input; void at;
  throw new Error('not implemented');
}

export async function payPayout(repos: Repos, payoutId: number, at: number, txRef?: string): Promise<PayoutView> {
  void repos; void payoutId; void at; void txRef;
  throw new Error('not implemented');
}

/** Cancels a pending payout and returns its amount to the balance. */
export async function cancelPayout(repos: Repos, payoutId: number, by: 'operator' | 'partner', at: number): Promise<PayoutView> {
  void repos; void payoutId; void by; void at;
  throw new Error('not implemented');
}

/** balance = sum of ledger entries; totalReceived = sum of paid payouts. */
export async function partnerBalance(repos: Repos, partnerId: number): Promise<{ balance: Decimal; totalReceived: Decimal }> {
  void repos; void partnerId;
  throw new Error('not implemented');
}
