// Exchange ingestion: the engine reports each exchange, and retries, under its external_id.
// State machine: pending → success → refunded, pending → canceled; a first report may also be
// success or canceled directly. A success credits the reward, a refund after it reverses it.
import type { Config } from '../../config.js';
import type { ExchangeEntry, ExchangeRow, ExchangeStatus, PartnerRow, Repos, TxRepos } from '../../db/repos.js';
import { ConflictError, UnprocessableError } from '../../errors.js';
import { formatDecimal } from '../../money/decimal.js';
import { attributeVisitor } from '../referral/attribution.js';
import { findRetryConflict, normaliseReport, type ExchangeReport, type ExchangeReportInput } from './exchange-input.js';
import type { VisitorIds } from '../referral/visitor-cookie.js';
import { isInternalAddress } from '../referral/private-address.js';
import { computeReward, rewardPercentFor } from './rewards.js';
import { recordEvents } from '../events/outbox.js';
import { exchangeEvents } from '../events/payloads.js';
import { entries, secondTierEntry, secondTierReversal } from './second-tier.js';

const NEXT: Record<ExchangeStatus, ExchangeStatus[]> = {
  pending: ['success', 'canceled'],
  success: ['refunded'],
  canceled: [],
  refunded: [],
};
const FIRST: ExchangeStatus[] = ['pending', 'success', 'canceled'];

export type ExchangeFlag = 'self_referral' | 'partner_blocked';

export type ExchangeConfig = Pick<Config, 'attribution' | 'cookieDays' | 'rewardCurrency'> & {
  /** Verifies the reported user_hash: the engine reports the visitor cookie's value as it reads it. */
  visitors: Pick<VisitorIds, 'readReported'>;
};

/** A report whose user_hash was verified: the visitor id, or null when absent or forged. */
type VerifiedReport = ExchangeReport & { clickedUpTo?: number };

/** Records a report; `created` is false for a retry or a status change of a known exchange. */
export async function reportExchange(
  repos: Repos, config: ExchangeConfig, input: ExchangeReportInput, now: number,
): Promise<{ created: boolean; exchange: ExchangeRow }> {
  const report = verifyVisitor(normaliseReport(input), config, now);
  // One unit of work: what the reward is computed from (the partner, its turnover, the
  // exchange's current status) is read in the transaction that writes the reward. A
  // conditional write that still changes nothing means another connection got there first:
  // read again and decide again (it is then a retry of what that report did).
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await repos.transaction((tx) => applyReport(tx, config, report, now));
    if (outcome) return outcome;
  }
  throw new ConflictError(`Exchange ${report.externalId} is being reported concurrently; retry`);
}

async function applyReport(
  repos: TxRepos, config: ExchangeConfig, report: VerifiedReport, now: number,
): Promise<{ created: boolean; exchange: ExchangeRow } | null> {
  const existing = await repos.exchanges.findByExternalId(report.externalId);
  if (!existing) {
    const row = await insertFirstReport(repos, config, report, now);
    if (row) await recordEvents(repos, exchangeEvents(null, row, config.rewardCurrency), now);
    return row && { created: true, exchange: row };
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
  if (row) await recordEvents(repos, exchangeEvents(existing, row, config.rewardCurrency), now);
  return row && { created: false, exchange: row };
}

/** A forged or expired plain user_hash attributes nothing (and is not stored): visitor-cookie.ts. */
function verifyVisitor(report: ExchangeReport, config: ExchangeConfig, now: number): VerifiedReport {
  if (report.userHash === null) return report;
  const visitor = config.visitors.readReported(report.userHash, now);
  return { ...report, userHash: visitor?.userHash ?? null, clickedUpTo: visitor?.clickedUpTo };
}

async function insertFirstReport(repos: TxRepos, config: ExchangeConfig, report: VerifiedReport, now: number) {
  if (!FIRST.includes(report.status)) {
    throw new UnprocessableError(`Exchange ${report.externalId} is unknown; its first report must be pending, success or canceled, not ${report.status}`);
  }
  const time = report.time ?? now;
  const owner = await attribute(repos, config, report, time);
  const values = {
    externalId: report.externalId, partnerId: owner?.partnerId ?? null, clickId: owner?.clickId ?? null, linkId: owner?.linkId ?? null,
    ...owner?.subs,
    userHash: report.userHash, refCode: report.refCode, time,
    curGive: report.curGive, curGet: report.curGet, amountGive: report.amountGive, amountGet: report.amountGet,
    courseGive: report.courseGive, courseGet: report.courseGet,
    status: report.status, rewardBase: report.rewardBase, createdAt: now, updatedAt: now,
  };
  if (!owner) return repos.exchanges.insert(values, null);
  if (report.status === 'success') {
    const settled = await settleReward(repos, config, owner.partnerId, report, null, null, now);
    return repos.exchanges.insert({ ...values, ...settled.patch }, settled.entry);
  }
  // Not rewarded yet, but the operator sees a suspicious exchange as soon as it is reported.
  const partner = await repos.partners.findById(owner.partnerId);
  return repos.exchanges.insert({ ...values, flag: partner && await rewardBlocker(repos, config, partner, report, null, now) }, null);
}

async function moveExchange(repos: TxRepos, config: ExchangeConfig, row: ExchangeRow, report: ExchangeReport, now: number) {
  const patch = { status: report.status, updatedAt: now };
  if (report.status === 'success' && row.partnerId !== null) {
    // A status report may omit user_hash; the guard then checks the one first reported.
    const restated = { ...report, userHash: report.userHash ?? row.userHash };
    const settled = await settleReward(repos, config, row.partnerId, restated, row.id, row.flag, now);
    return repos.exchanges.transition(row.id, row, { ...patch, ...settled.patch }, settled.entry);
  }
  // A refund claws back exactly what was credited, the referrer's share too; a balance may go below zero.
  const refund = report.status === 'refunded' && row.partnerId !== null;
  const reversal: ExchangeEntry | null = refund && row.reward > 0 ? { partnerId: row.partnerId!, kind: 'reversal', amount: -row.reward } : null;
  return repos.exchanges.transition(row.id, row, patch, entries(reversal, refund ? await secondTierReversal(repos, row) : null));
}

/** ref_code (typed by the customer) wins; else the referral service's answer for user_hash. */
async function attribute(repos: TxRepos, config: ExchangeConfig, report: VerifiedReport, time: number) {
  if (report.refCode !== null) {
    const link = await repos.links.findByCode(report.refCode);
    // An unknown or disabled code is kept on the row for the record, and ignored.
    if (link && link.disabledAt === null) return { partnerId: link.partnerId, clickId: null, linkId: link.id };
  }
  if (report.userHash === null) return null;
  const found = await attributeVisitor(repos, config, report.userHash, time, report.clickedUpTo);
  return found ? { partnerId: found.partnerId, clickId: found.clickId, linkId: found.linkId, subs: found.subs } : null;
}

/** The reward of a success: percent from the partner's turnover before this exchange. */
async function settleReward(
  repos: TxRepos, config: ExchangeConfig, partnerId: number, report: ExchangeReport,
  exchangeId: number | null, currentFlag: string | null, now: number,
) {
  const partner = await repos.partners.findById(partnerId);
  if (!partner) throw new Error(`partner ${partnerId} of an exchange vanished`);
  const flag = await rewardBlocker(repos, config, partner, report, currentFlag, now);
  const turnover = await repos.exchanges.successfulTurnover(partnerId, exchangeId ?? undefined);
  const percent = rewardPercentFor(partner, turnover);
  const reward = flag ? 0 : computeReward(report.rewardBase, percent, config.rewardCurrency);
  const own: ExchangeEntry | null = reward > 0 ? { partnerId, kind: 'reward', amount: reward } : null;
  const entry = entries(own, await secondTierEntry(repos, partnerId, reward, config.rewardCurrency));
  return { patch: { rewardPercent: formatDecimal(percent), reward, flag }, entry };
}

/** Why an attributed exchange must earn nothing, or null. A self-referral flag is permanent. */
async function rewardBlocker(
  repos: TxRepos, config: ExchangeConfig, partner: PartnerRow, report: ExchangeReport, currentFlag: string | null, now: number,
): Promise<ExchangeFlag | null> {
  if (currentFlag === 'self_referral') return 'self_referral';
  // Any address the partner used within the attribution window, not only the latest one.
  const since = now - config.cookieDays * 86_400;
  if (await isPartnersEmail(repos, partner, report.customerEmail)
    || (report.userHash !== null && await sharesPublicAddress(repos, report.userHash, partner.id, since))) {
    return 'self_referral';
  }
  return partner.status !== 'active' ? 'partner_blocked' : null;
}

/** The partner's contact email, or the one it signs in to the cabinet with (an invitation may name another). */
async function isPartnersEmail(repos: TxRepos, partner: PartnerRow, email: string | null): Promise<boolean> {
  if (email === null) return false;
  const customer = email.toLowerCase();
  if (customer === partner.email.toLowerCase()) return true;
  const account = await repos.partnerAccounts.findByPartner(partner.id);
  return account !== null && account.email.toLowerCase() === customer;
}

/** The operator's proxy or machines (loopback, private) are no evidence: every visitor may share them. */
async function sharesPublicAddress(repos: TxRepos, userHash: string, partnerId: number, since: number): Promise<boolean> {
  return (await repos.exchanges.visitorIpsSharedWithPartner(userHash, partnerId, since)).some((ip) => !isInternalAddress(ip));
}
