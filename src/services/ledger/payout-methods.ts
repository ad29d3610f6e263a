// Payout methods: what partners see in get_info and choose in add_payout. `commission` is the
// percent of a payout the operator keeps (docs/research/partner-programs.md §1.7: get_info `comission`).
import type { PayoutMethodRow, Repos } from '../../db/repos.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { formatDecimal, parseDecimal } from '../../money/decimal.js';
import { isCurrencyCode } from '../../money/currency.js';

export async function createPayoutMethod(repos: Repos, input: { title: string; currency: string; commission?: string | number }) {
  const title = input.title.trim();
  if (title.length === 0 || title.length > 100) throw new ValidationError('title', 'expected 1-100 characters');
  const currency = input.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) throw new ValidationError('currency', 'expected a currency code of 2-50 characters (A-Z, 0-9, _)');
  const commission = parseDecimal(input.commission ?? '0');
  if (!commission || commission.lt(0) || commission.gte(100)) throw new ValidationError('commission', 'expected a percent from 0 to below 100');
  return payoutMethodView(await repos.payoutMethods.insert({ title, currency, commission: formatDecimal(commission) }));
}

export async function deletePayoutMethod(repos: Repos, id: number, at: number): Promise<void> {
  if (!(await repos.payoutMethods.softDelete(id, at))) throw new NotFoundError(`Payout method ${id}`);
}

export function payoutMethodView(row: PayoutMethodRow) {
  return { id: row.id, title: row.title, currency: row.currency, commission: row.commission, created_at: row.createdAt };
}
