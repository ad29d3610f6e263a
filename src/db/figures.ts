// Engine-neutral helpers of the partner figures (src/db/*/repos/partner-figures.ts).
import type { HourFigures, LedgerKind } from './rows.js';

/** The ledger kinds that make up what a partner earned: rewards − reversals + adjustments. */
export const EARNING_KINDS: readonly LedgerKind[] = ['reward', 'reversal', 'adjustment'];

/** One row per hour, oldest first, from the per-hour counts of each table. */
export function mergeHours(
  clickHours: { hour: number; clicks: number }[],
  exchangeHours: { hour: number; exchanges: number; successful: number }[],
  ledgerHours: { hour: number; earned: bigint }[],
): HourFigures[] {
  const hours = new Map<number, HourFigures>();
  const at = (hour: number) => {
    let row = hours.get(hour);
    if (!row) hours.set(hour, row = { hour, clicks: 0, exchanges: 0, successful: 0, earned: 0n });
    return row;
  };
  for (const c of clickHours) at(c.hour).clicks += c.clicks;
  for (const e of exchangeHours) { const row = at(e.hour); row.exchanges += e.exchanges; row.successful += e.successful; }
  for (const l of ledgerHours) at(l.hour).earned += l.earned;
  return [...hours.values()].sort((a, b) => a.hour - b.hour);
}
