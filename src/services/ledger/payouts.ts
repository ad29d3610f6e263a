// Payouts: reservation, payment and cancellation. The partner API (add_payout, get_payouts,
// get_info) and the admin API both call these. State machine: pending → paid,
// pending → canceled (2 by the operator, 3 by the partner); each move a conditional UPDATE.
import type { PayoutStatusName, Repos, TxRepos } from '../../db/repos.js';
import {
  PAYOUT_CANCELED, PAYOUT_CANCELED_BY_PARTNER, PAYOUT_PAID, PAYOUT_PENDING, type PayoutFilter, type PayoutRow,
} from '../../db/repos.js';
import { ConflictError, InsufficientBalanceError, NotFoundError, onField, PartnerBlockedError, PartnerPendingError, UnprocessableError, ValidationError } from '../../errors.js';
import { decimal, formatDecimal, fromUnits, LEDGER_MAX, parseDecimal, roundTo, toUnits, type Decimal } from '../../money/decimal.js';
import { hasUnsafeCharacters } from '../partners/partner-text.js';
import { currencyPrecision } from './rewards.js';
import { recordEvents } from '../events/outbox.js';
import { payoutEvent } from '../events/payloads.js';

/** A payout move and its event commit together (the outbox: docs/webhooks.md). */
function withEvent(repos: Repos, type: 'payout.requested' | 'payout.paid' | 'payout.canceled', at: number, move: (tx: TxRepos) => Promise<PayoutRow | null>) {
  return repos.transaction(async (tx) => {
    const row = await move(tx);
    if (row) await recordEvents(tx, [payoutEvent(type, row)], at);
    return row;
  });
}

export interface Payout {
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
): Promise<Payout> {
  const partner = await repos.partners.findById(input.partnerId);
  if (!partner) throw new NotFoundError(`Partner ${input.partnerId}`);
  if (partner.status !== 'active') throw notActive(partner.status);
  if (!(await repos.payoutMethods.findActive(input.methodId))) throw fieldError('method_id', `no active payout method ${input.methodId}`);
  const account = input.account.trim();
  if (account.length === 0 || account.length > 200 || hasUnsafeCharacters(account)) {
    throw fieldError('account', 'expected 1-200 printable characters');
  }
  const balance = fromUnits(partner.balance);
  const minimum = fromUnits(partner.minPayout);
  let units: number;
  if (input.amount === undefined) {
    if (partner.balance <= 0) throw new InsufficientBalanceError(`Nothing to pay out: the balance is ${formatDecimal(balance)}`);
    if (partner.balance < partner.minPayout) {
      throw new InsufficientBalanceError(`The balance ${formatDecimal(balance)} is below the minimum payout ${formatDecimal(minimum)}`);
    }
    units = partner.balance;
  } else {
    units = payoutUnits(input.amount);
    if (units < partner.minPayout) throw fieldError('amount', `${formatDecimal(input.amount)} is below the minimum payout ${formatDecimal(minimum)}`);
  }
  const row = await withEvent(repos, 'payout.requested', at, (tx) => tx.payouts.reserve({ partnerId: partner.id, methodId: input.methodId, account, amount: units, at }));
  if (row) return toPayout(row);
  // The database refused: the partner was blocked meanwhile, or the balance is short.
  const now = await repos.partners.findById(partner.id);
  if (now && now.status !== 'active') throw notActive(now.status);
  throw new InsufficientBalanceError(`${formatDecimal(fromUnits(units))} exceeds the available balance ${formatDecimal(fromUnits(now?.balance ?? 0))}`);
}

/** Why a partner who is not active cannot be paid: blocked, or a sign-up the operator has not approved. */
function notActive(status: string) {
  return status === 'pending' ? new PartnerPendingError() : new PartnerBlockedError();
}

export async function payPayout(repos: Repos, payoutId: number, at: number, txRef?: string): Promise<Payout> {
  if (txRef !== undefined && (txRef.length === 0 || txRef.length > 200)) throw new ValidationError('tx_ref', 'expected 1-200 characters');
  const row = await withEvent(repos, 'payout.paid', at, (tx) => tx.payouts.markPaid(payoutId, at, txRef ?? null));
  if (row) return toPayout(row);
  const current = await existingPayout(repos, payoutId);
  if (current.status === PAYOUT_PAID) {
    // The same call repeated changes nothing; another transaction reference is a conflict.
    if (txRef === undefined || txRef === current.txRef) return toPayout(current);
    throw new ConflictError(`Payout ${payoutId} is already paid with tx_ref ${current.txRef ?? '(none)'}`);
  }
  throw new UnprocessableError(`Payout ${payoutId} is canceled; only a pending payout can be paid`);
}

/** Cancels a pending payout and returns its amount to the balance. */
export async function cancelPayout(repos: Repos, payoutId: number, by: 'operator' | 'partner', at: number): Promise<Payout> {
  const row = await withEvent(repos, 'payout.canceled', at, (tx) => tx.payouts.cancel(payoutId, by === 'partner' ? PAYOUT_CANCELED_BY_PARTNER : PAYOUT_CANCELED, at));
  if (row) return toPayout(row);
  const current = await existingPayout(repos, payoutId);
  if (current.status !== PAYOUT_PAID) return toPayout(current); // already canceled: a retry
  throw new UnprocessableError(`Payout ${payoutId} is paid; only a pending payout can be canceled`);
}

/** balance = sum of ledger entries; totalReceived = sum of paid payouts. */
export async function partnerBalance(repos: Repos, partnerId: number): Promise<{ balance: Decimal; totalReceived: Decimal }> {
  const partner = await repos.partners.findById(partnerId);
  if (!partner) throw new NotFoundError(`Partner ${partnerId}`);
  return { balance: fromUnits(partner.balance), totalReceived: fromUnits(await repos.payouts.sumByPartner(partnerId, [PAYOUT_PAID])) };
}

export const PAYOUT_STATUS_GROUPS: Record<PayoutStatusName, number[]> = { pending: [PAYOUT_PENDING], paid: [PAYOUT_PAID], canceled: [PAYOUT_CANCELED, PAYOUT_CANCELED_BY_PARTNER] };

export async function listPayouts(repos: Repos, filter: PayoutFilter): Promise<Payout[]> {
  return (await repos.payouts.list(filter)).map(toPayout);
}

export async function getPayout(repos: Repos, payoutId: number): Promise<Payout> {
  return toPayout(await existingPayout(repos, payoutId));
}

/** What the partner receives of `amount` through a method keeping `commission` percent. */
export function payoutReceivable(amount: Decimal, commission: string, rewardCurrency: string): Decimal {
  const kept = amount.times(decimal(commission)).div(100);
  return roundTo(amount.minus(kept), currencyPrecision(rewardCurrency), 'down');
}

/** The domain object of a payout row: the amount as an exact decimal (wire shape: payoutView). */
export function toPayout(row: PayoutRow): Payout {
  return {
    id: row.id, partnerId: row.partnerId, methodId: row.methodId, account: row.account, amount: fromUnits(row.amount),
    status: row.status as Payout['status'], txRef: row.txRef, createdAt: row.createdAt, paidAt: row.paidAt, canceledAt: row.canceledAt,
  };
}

async function existingPayout(repos: Repos, payoutId: number): Promise<PayoutRow> {
  const row = await repos.payouts.findById(payoutId);
  if (!row) throw new NotFoundError(`Payout ${payoutId}`);
  return row;
}

/**
 * The payout-amount rule, for every edge (admin API, CLI, api.php): a positive decimal of the
 * reward currency up to LEDGER_MAX with at most 8 decimals. Absent: the whole balance.
 */
export function readPayoutAmount(value: unknown): Decimal | undefined {
  if (value === undefined) return undefined;
  const amount = parseDecimal(value);
  if (!amount || amount.lte(0) || amount.gt(LEDGER_MAX) || !amount.round(8).eq(amount)) {
    throw fieldError('amount', `expected a positive amount up to ${LEDGER_MAX.toFixed()} with at most 8 decimals`);
  }
  return amount;
}

/** A refusal about one field of the request (the REST API lists it under that field). */
function fieldError(field: string, message: string) {
  return onField(new ValidationError(field, message), field);
}

function payoutUnits(amount: Decimal): number {
  return toUnits(readPayoutAmount(amount.toFixed())!);
}
