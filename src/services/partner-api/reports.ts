// get_links and get_exchanges (docs/seeds/004-partner-integration.en.txt; currency codes as Premium's ppapi, docs/research/partner-programs.md §1.7).
// Exact ledger values become JSON numbers here, at the edge, and nowhere else.
import type { Config } from '../../config.js';
import type { ReportClickRow, ReportExchangeRow, Repos, SubIdField } from '../../db/repos.js';
import { decimalTextToJsonNumber, unitsToJsonNumber } from '../../money/decimal.js';
import { isAccrued } from '../ledger/views.js';
import { partnerVisibleIp } from '../../partner-ip.js';
import { formatDate } from './format.js';
import { nextCursor, readReportQuery, type ApiParams } from './params.js';
import type { VisitorIds } from '../referral/visitor-cookie.js';
import { KeyedItems } from './serialize.js';
import { listClicks, listExchanges } from '../reports/reports.js';

// Partners see a keyed pseudonym of each visitor, never the id: an id could be replayed.
export type ViewConfig = Pick<Config, 'timeZone' | 'partnerFullIp'> & { visitors: Pick<VisitorIds, 'pseudonym'> };

export async function getLinks(repos: Repos, config: ViewConfig, partnerId: number, params: ApiParams) {
  const query = readReportQuery(params, config.partnerFullIp);
  const rows = await listClicks(repos, { partnerId, ...query });
  return { items: new KeyedItems(rows.map((row) => clickItem(row, config, partnerId))), next_cursor: nextCursor(rows, (r) => r.time, query) };
}

export async function getExchanges(repos: Repos, config: ViewConfig, partnerId: number, params: ApiParams) {
  const query = readReportQuery(params, config.partnerFullIp);
  const rows = await listExchanges(repos, { partnerId, ...query });
  return { items: new KeyedItems(rows.map((row) => exchangeItem(row, config, partnerId))), next_cursor: nextCursor(rows, (r) => r.time, query) };
}

export function clickItem(row: ReportClickRow, config: ViewConfig, partnerId: number) {
  return {
    id: row.id,
    time: row.time,
    date: formatDate(row.time, config.timeZone),
    browser: row.browser,
    ip: partnerVisibleIp(row.ip, config.partnerFullIp),
    referrer: row.referrer,
    user_hash: config.visitors.pseudonym(partnerId, row.userHash),
    query_string: row.queryString,
    ...subIdFields(row),
  };
}

/**
 * Ratelink's extension to get_links and get_exchanges: sub1..sub5 only when the click carried
 * them, so that a row without sub-ids is byte for byte what old clients always received.
 */
export function subIdFields(row: Pick<ReportClickRow, SubIdField>): Partial<Record<SubIdField, string>> {
  const fields: Partial<Record<SubIdField, string>> = {};
  for (const name of SUB_ID_FIELDS) {
    const value = row[name];
    if (value !== null && value !== undefined) fields[name] = value;
  }
  return fields;
}

export const SUB_ID_FIELDS: readonly SubIdField[] = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'];

export function exchangeItem(row: ReportExchangeRow, config: ViewConfig, partnerId: number) {
  return {
    id: row.id,
    time: row.time,
    date: formatDate(row.time, config.timeZone),
    currency_code_give: row.curGive,
    currency_code_get: row.curGet,
    course_give: decimalTextToJsonNumber(row.courseGive),
    course_get: decimalTextToJsonNumber(row.courseGet),
    amount_give: decimalTextToJsonNumber(row.amountGive),
    amount_get: decimalTextToJsonNumber(row.amountGet),
    exchange_success: row.status === 'success' ? 1 : 0,
    // The admin API's rule: a reward credited to the balance and not taken back by a refund.
    accrued: isAccrued(row) ? 1 : 0,
    partner_reward: unitsToJsonNumber(row.reward),
    user_hash: row.userHash === null ? '' : config.visitors.pseudonym(partnerId, row.userHash),
    ...subIdFields(row),
  };
}
