// What a partner reads about its own traffic and money, by a typed query: the legacy API
// (api.php) and the coming REST API both call these, each shaping the rows its own way.
import type { PayoutRow, ReportClickRow, ReportExchangeRow, TxRepos } from '../../db/repos.js';

export interface ReportQuery {
  partnerId: number;
  /** Inclusive unix-second bounds; absent means unbounded. */
  from?: number;
  to?: number;
  limit: number;
  offset: number;
  /** Clicks only: one of the partner's links. */
  linkId?: number;
  /** Clicks from the network the partner sees (exchanges: whose click came from it). */
  ip?: { network: string; full: boolean };
  /** Keyset cursor: only rows strictly older than this (time, id), newest first. */
  before?: { time: number; id: number };
}

/** The cursor after a page (its last row, newest first): "time-id", opaque to clients. */
export const cursorAfter = (row: { time: number; id: number }): string => `${row.time}-${row.id}`;

/** A cursor given back; undefined when absent or not one of ours. */
export function parseCursor(text: string | undefined): ReportQuery['before'] {
  const match = /^(\d{1,16})-(\d{1,16})$/.exec(text ?? '');
  return match ? { time: Number(match[1]), id: Number(match[2]) } : undefined;
}

/** Counted clicks (no bots, no repeats), newest first. */
export async function listClicks(repos: TxRepos, { partnerId, ...query }: ReportQuery): Promise<ReportClickRow[]> {
  return repos.partnerReports.listClicks(partnerId, query);
}

export async function listExchanges(repos: TxRepos, { partnerId, from, to, limit, offset, before, ip }: ReportQuery): Promise<ReportExchangeRow[]> {
  return repos.partnerReports.listExchanges(partnerId, { from, to, limit, offset, before, ip });
}

/** Payouts by request time, newest first. */
export async function listPayouts(repos: TxRepos, { partnerId, from, to, limit, offset, before }: ReportQuery): Promise<PayoutRow[]> {
  return repos.partnerReports.listPayouts(partnerId, { from, to, limit, offset, before });
}
