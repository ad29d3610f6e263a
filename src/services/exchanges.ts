// Exchange ingestion: the engine reports each exchange, and retries, under its external_id.
// State machine: pending → success → refunded, pending → canceled; a first report may also be
// success or canceled directly. A success credits the reward, a refund after it reverses it.
import type { Config } from '../config.js';
import type { ExchangeEntry, ExchangeRow, ExchangeStatus } from '../db/repos/exchanges.js';
import type { Repos } from '../db/repos/index.js';
import type { PartnerRow } from '../db/repos/partners.js';
import { ConflictError, UnprocessableError } from '../errors.js';
import { formatDecimal } from '../money/decimal.js';
import { attributeVisitor } from './attribution.js';
import { findRetryConflict, normaliseReport, type ExchangeReport, type ExchangeReportInput } from './exchange-input.js';
import { isInternalAddress } from './referral/private-address.js';
import { computeReward, rewardPercentFor } from './rewards.js';

const NEXT: Record<ExchangeStatus, ExchangeStatus[]> = {
  pending: ['success', 'canceled'],
  success: ['refunded'],
  canceled: [],
  refunded: [],
};
const FIRST: ExchangeStatus[] = ['pending', 'success', 'canceled'];

export type ExchangeFlag = 'self_referral' | 'partner_blocked';

/** Records a report; `created` is false for a retry or a status change of a known exchange. */
export async function reportExchange(
  repos: Repos, config: Pick<Config, 'attribution' | 'cookieDays' | 'rewardCurrency'>, input: ExchangeReportInput, now: number,
): Promise<{ created: boolean; exchange: ExchangeRow }> {
  const report = normaliseReport(input);
  // A conditional write that changes nothing means a concurrent report got there first:
  // read again and decide again (it is then a retry of what that report did).
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await repos.exchanges.findByExternalId(report.externalId);
    if (!existing) {
      const row = await insertFirstReport(repos, config, report, now);
      if (row) return { created: true, exchange: row };
      continue;
    }
    const conflict = findRetryConflict(existing, report);
    if (conflict) {
      throw new ConflictError(`Exchange ${report.externalId} was first reported with ${conflict.field} ${conflict.stored}; a retry may change only its status`);
    }
    if (existing.status === report.status) return { created: false, exchange: existing };
    if (!NEXT[existing.status].includes(report.status)) {
      throw new UnprocessableError(`Exchange ${report.externalId} cannot go from ${existing.status} to ${report.status}`);
    }
    const row = await moveExchange(repos, config, existing, report, now);
    if (row) return { created: false, exchange: row };
  }
  throw new ConflictError(`Exchange ${report.externalId} is being reported concurrently; retry`);
}

async function insertFirstReport(repos: Repos, config: Parameters<typeof reportExchange>[1], report: ExchangeReport, now: number) {
  if (!FIRST.includes(report.status)) {
    throw new UnprocessableError(`Exchange ${report.externalId} is unknown; its first report must be pending, success or canceled, not ${report.status}`);
  }
  const time = report.time ?? now;
  const owner = await attribute(repos, config, report, time);
  const values = {
    externalId: report.externalId, partnerId: owner?.partnerId ?? null, clickId: owner?.clickId ?? null,
    userHash: report.userHash, refCode: report.refCode, time,
    curGive: report.curGive, curGet: report.curGet, amountGive: report.amountGive, amountGet: report.amountGet,
    courseGive: report.courseGive, courseGet: report.courseGet,
    status: report.status, rewardBase: report.rewardBase, createdAt: now, updatedAt: now,
  };
  if (!owner) return repos.exchanges.insert(values, null);
  if (report.status === 'success') {
    const settled = await settleReward(repos, config, owner.partnerId, report, null, null);
    return repos.exchanges.insert({ ...values, ...settled.patch }, settled.entry);
  }
  // Not rewarded yet, but the operator sees a suspicious exchange as soon as it is reported.
  const partner = await repos.partners.findById(owner.partnerId);
  return repos.exchanges.insert({ ...values, flag: partner && await rewardBlocker(repos, partner, report, null) }, null);
}

async function moveExchange(repos: Repos, config: Parameters<typeof reportExchange>[1], row: ExchangeRow, report: ExchangeReport, now: number) {
  const patch = { status: report.status, updatedAt: now };
  if (report.status === 'success' && row.partnerId !== null) {
    // A status report may omit user_hash; the guard then checks the one first reported.
    const restated = { ...report, userHash: report.userHash ?? row.userHash };
    const settled = await settleReward(repos, config, row.partnerId, restated, row.id, row.flag);
    return repos.exchanges.transition(row.id, row.status, { ...patch, ...settled.patch }, settled.entry);
  }
  // A refund claws back exactly what was credited; the balance may go below zero.
  const entry: ExchangeEntry | null = report.status === 'refunded' && row.partnerId !== null && row.reward > 0
    ? { partnerId: row.partnerId, kind: 'reversal', amount: -row.reward }
    : null;
  return repos.exchanges.transition(row.id, row.status, patch, entry);
}

/** ref_code (typed by the customer) wins; else the referral service's answer for user_hash. */
async function attribute(repos: Repos, config: Parameters<typeof reportExchange>[1], report: ExchangeReport, time: number) {
  if (report.refCode !== null) {
    const link = await repos.links.findByCode(report.refCode);
    // An unknown or disabled code is kept on the row for the record, and ignored.
    if (link && link.disabledAt === null) return { partnerId: link.partnerId, clickId: null };
  }
  if (report.userHash === null) return null;
  const found = await attributeVisitor(repos, config, report.userHash, time);
  return found ? { partnerId: found.partnerId, clickId: found.clickId } : null;
}

/** The reward of a success: percent from the partner's turnover before this exchange. */
async function settleReward(
  repos: Repos, config: Parameters<typeof reportExchange>[1], partnerId: number, report: ExchangeReport,
  exchangeId: number | null, currentFlag: string | null,
) {
  const partner = await repos.partners.findById(partnerId);
  if (!partner) throw new Error(`partner ${partnerId} of an exchange vanished`);
  const flag = await rewardBlocker(repos, partner, report, currentFlag);
  const turnover = await repos.exchanges.successfulTurnover(partnerId, exchangeId ?? undefined);
  const percent = rewardPercentFor(partner, turnover);
  const reward = flag ? 0 : computeReward(report.rewardBase, percent, config.rewardCurrency);
  const entry: ExchangeEntry | null = reward > 0 ? { partnerId, kind: 'reward', amount: reward } : null;
  return { patch: { rewardPercent: formatDecimal(percent), reward, flag }, entry };
}

/** Why an attributed exchange must earn nothing, or null. A self-referral flag is permanent. */
async function rewardBlocker(repos: Repos, partner: PartnerRow, report: ExchangeReport, currentFlag: string | null): Promise<ExchangeFlag | null> {
  if (currentFlag === 'self_referral') return 'self_referral';
  const sameEmail = report.customerEmail !== null && report.customerEmail.toLowerCase() === partner.email.toLowerCase();
  if (sameEmail || (report.userHash !== null && await sharesPublicAddress(repos, report.userHash, partner.id))) {
    return 'self_referral';
  }
  return partner.status === 'blocked' ? 'partner_blocked' : null;
}

/** The operator's proxy or machines (loopback, private) are no evidence: every visitor may share them. */
async function sharesPublicAddress(repos: Repos, userHash: string, partnerId: number): Promise<boolean> {
  return (await repos.exchanges.visitorIpsSharedWithPartnerKeys(userHash, partnerId)).some((ip) => !isInternalAddress(ip));
}
