// Manual corrections and the operator's view of a partner's ledger. Every cent of a balance is
// an entry: rewards, their reversals, payout reservations and releases, and adjustments.
import type { LedgerEntryRow, Repos } from '../../db/repos.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { formatDecimal, fromUnits, toUnits } from '../../money/decimal.js';
import { ledgerAmount } from './amount.js';

/** Adds a signed correction to the partner's balance (may take it below zero). Not idempotent. */
export async function adjustBalance(repos: Repos, partnerId: number, input: { amount: string | number; reason: string }, at: number) {
  const amount = ledgerAmount('amount', input.amount, { allowNegative: true });
  if (amount.eq(0)) throw new ValidationError('amount', 'expected a non-zero amount');
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > 500) throw new ValidationError('reason', 'expected 1-500 characters');
  if (!(await repos.partners.findById(partnerId))) throw new NotFoundError(`Partner ${partnerId}`);
  const entry = await repos.ledger.adjust({ partnerId, amount: toUnits(amount), reason, at });
  const partner = await repos.partners.findById(partnerId);
  return { entry: ledgerEntryView(entry), balance: formatDecimal(fromUnits(partner?.balance ?? 0)) };
}

/** The partner's entries, newest first, a page at a time (a busy partner has thousands). */
export async function listLedger(repos: Repos, partnerId: number, page: { limit: number; offset: number }) {
  const partner = await repos.partners.findById(partnerId);
  if (!partner) throw new NotFoundError(`Partner ${partnerId}`);
  const entries = await repos.ledger.listByPartner(partnerId, page.limit, page.offset);
  return { balance: formatDecimal(fromUnits(partner.balance)), items: entries.map(ledgerEntryView) };
}

export function ledgerEntryView(row: LedgerEntryRow) {
  return {
    id: row.id,
    partner_id: row.partnerId,
    kind: row.kind,
    amount: formatDecimal(fromUnits(row.amount)),
    exchange_id: row.exchangeId,
    payout_id: row.payoutId,
    reason: row.reason,
    created_at: row.createdAt,
  };
}
