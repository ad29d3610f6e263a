// A link's numbers per day (and a partner's per link), merged from the clicks query and the exchanges query of either engine.
import type { LinkDayStats, LinkNumbers } from './rows.js';

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

/** The partner's numbers per link over a period, merged the same way (links without any are left out). */
export function mergeLinks(
  clickRows: Array<{ linkId: number | null; n: number }>,
  exchangeRows: Array<{ linkId: number | null; n: number; ok: number; earned: bigint }>,
): LinkNumbers[] {
  const links = new Map<number, LinkNumbers>();
  const at = (linkId: number) => {
    let row = links.get(linkId);
    if (!row) links.set(linkId, (row = { linkId, clicks: 0, exchanges: 0, successful: 0, earnings: 0n }));
    return row;
  };
  for (const r of clickRows) if (r.linkId !== null) at(r.linkId).clicks = r.n;
  for (const r of exchangeRows) if (r.linkId !== null) Object.assign(at(r.linkId), { exchanges: r.n, successful: r.ok, earnings: r.earned });
  return [...links.values()].sort((a, b) => a.linkId - b.linkId);
}
