// A partner's numbers per promotion link over a period, for every link at once (the cabinet's
// Partnership program page): two grouped queries, not one promotionLinkStats call per link.
import type { TxRepos } from '../../db/repos.js';
import { decimal, formatDecimal, fromUnits, roundTo } from '../../money/decimal.js';

export interface LinkNumbersView {
  clicks: number;
  exchanges: number;
  successful: number;
  /** The rewards of the successful exchanges, an exact decimal. */
  earnings: string;
  /** Successful exchanges per 100 counted clicks, 2 decimals. */
  conversion: string;
}

/** Shapes raw numbers (earnings in reward units) as the partner sees them: the shape of promotionLinkStats' days and totals. */
export function linkNumbersView(n: { clicks: number; exchanges: number; successful: number; earnings: bigint }): LinkNumbersView {
  return {
    clicks: n.clicks,
    exchanges: n.exchanges,
    successful: n.successful,
    earnings: formatDecimal(fromUnits(n.earnings)),
    conversion: n.clicks === 0 ? '0.00' : roundTo(decimal(n.successful).times(100).div(n.clicks), 2).toFixed(2),
  };
}

/**
 * Every link of the partner (archived ones too, oldest first) with its counted clicks,
 * attributed exchanges, successful ones, earnings and conversion within [from, to] (unix
 * seconds, inclusive); links without activity have zeros. The same rules as promotionLinkStats.
 */
export async function promotionLinksNumbers(repos: TxRepos, partnerId: number, range: { from: number; to: number }) {
  const [links, numbers] = await Promise.all([
    repos.links.listByPartner(partnerId),
    repos.links.numbersByLink(partnerId, range.from, range.to),
  ]);
  const byId = new Map(numbers.map((n) => [n.linkId, n]));
  const zero = { clicks: 0, exchanges: 0, successful: 0, earnings: 0n };
  return links.map((link) => ({ code: link.code, ...linkNumbersView(byId.get(link.id) ?? zero) }));
}
