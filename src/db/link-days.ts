// A link's numbers per day, merged from the clicks query and the exchanges query of either engine.
import type { LinkDayStats } from './rows.js';

export function mergeDays(
  clickRows: Array<{ day: number; n: number }>,
  exchangeRows: Array<{ day: number; n: number; ok: number; earned: bigint }>,
): LinkDayStats[] {
  const days = new Map<number, LinkDayStats>();
  const at = (day: number) => {
    let row = days.get(day);
    if (!row) days.set(day, (row = { day, clicks: 0, exchanges: 0, successful: 0, earnings: 0n }));
    return row;
  };
  for (const r of clickRows) at(r.day).clicks = r.n;
  for (const r of exchangeRows) Object.assign(at(r.day), { exchanges: r.n, successful: r.ok, earnings: r.earned });
  return [...days.values()].sort((a, b) => a.day - b.day);
}
