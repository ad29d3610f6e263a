// Partners and their referral links: the operator's side of the partner program (keys: api-keys.ts).
import type { Config } from '../../config.js';
import type { LinkRow, PartnerPatch, PartnerRow, PartnerStatus, Repos, RewardBase, TxRepos } from '../../db/repos.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { CODE_PATTERN, newReferralCode, RESERVED_LINK_CODE } from '../../ids.js';
import { formatDecimal, fromUnits, parseDecimal, toUnits, type Decimal } from '../../money/decimal.js';
import { endAllSessions } from '../accounts/sessions.js';
import { ledgerAmount } from '../ledger/amount.js';
import { hasUnsafeCharacters, isEmail } from './partner-text.js';

export interface PartnerInput {
  name?: string;
  email?: string;
  status?: PartnerStatus;
  reward_percent?: string | number;
  reward_base?: RewardBase;
  reward_levels?: Array<{ turnover: string | number; percent: string | number }> | null;
  min_payout?: string | number;
  /** The percent of each reward of its sub-partners the partner earns (0 = off). */
  second_tier_percent?: string | number;
}

export async function createPartner(repos: Repos, input: PartnerInput & { name: string; email: string }) {
  const row = await repos.partners.insert({
    name: input.name,
    email: input.email,
    rewardPercent: '0',
    rewardBase: 'amount',
    ...toPartnerPatch(input),
  });
  return row;
}

export async function updatePartner(repos: Repos, id: number, input: PartnerInput, now = Math.floor(Date.now() / 1000)) {
  const row = await repos.partners.update(id, toPartnerPatch(input));
  if (!row) throw new NotFoundError(`Partner ${id}`);
  // A block ends every session and token for good: unblocking the partner must not revive them.
  if (input.status !== undefined && input.status !== 'active') await endAllSessions(repos, id, now);
  return row;
}

export async function getPartner(repos: TxRepos, id: number) {
  const row = await repos.partners.findById(id);
  if (!row) throw new NotFoundError(`Partner ${id}`);
  return row;
}

function toPartnerPatch(input: PartnerInput): PartnerPatch {
  const patch: PartnerPatch = {};
  if (input.name !== undefined) patch.name = partnerName(input.name);
  if (input.email !== undefined) patch.email = emailAddress(input.email);
  if (input.status !== undefined) patch.status = input.status;
  if (input.reward_base !== undefined) patch.rewardBase = input.reward_base;
  if (input.reward_percent !== undefined) patch.rewardPercent = formatDecimal(percent('reward_percent', input.reward_percent));
  if (input.second_tier_percent !== undefined) patch.secondTierPercent = formatDecimal(percent('second_tier_percent', input.second_tier_percent));
  if (input.min_payout !== undefined) patch.minPayout = toUnits(ledgerAmount('min_payout', input.min_payout));
  if (input.reward_levels !== undefined) patch.rewardLevels = input.reward_levels === null ? null : JSON.stringify(levels(input.reward_levels));
  return patch;
}

/** Names and addresses come from partners' applications: no invisible characters (partner-text.ts). */
export function safeText(field: string, value: string): string {
  if (hasUnsafeCharacters(value)) throw new ValidationError(field, 'must not contain control, format or separator characters');
  return value;
}

function partnerName(value: string): string {
  // Trimmed as the cabinet's sign-up trims it: "   " made a partner without a name.
  const name = value.trim();
  const length = [...name].length;
  if (length === 0 || length > 200) throw new ValidationError('name', 'expected 1-200 characters');
  return safeText('name', name);
}

/** One rule for every surface that names a partner's address: admin API, CLI, cabinet sign-up. */
export function emailAddress(value: string): string {
  if (!isEmail(value)) throw new ValidationError('email', 'expected an email address');
  return value;
}

function percent(field: string, value: unknown): Decimal {
  const d = parseDecimal(value);
  if (!d || d.lt(0) || d.gt(100)) throw new ValidationError(field, 'expected a percent from 0 to 100');
  return d;
}

function levels(input: NonNullable<PartnerInput['reward_levels']>) {
  const sorted = input
    .map((level, i) => ({
      turnover: formatDecimal(ledgerAmount(`reward_levels[${i}].turnover`, level.turnover)),
      percent: formatDecimal(percent(`reward_levels[${i}].percent`, level.percent)),
    }))
    .sort((a, b) => Number(parseDecimal(a.turnover)!.cmp(parseDecimal(b.turnover)!)));
  // Two percents for one turnover: rewardPercentFor would silently take one of them.
  const twin = sorted.find((level, i) => i > 0 && level.turnover === sorted[i - 1]!.turnover);
  if (twin) throw new ValidationError('reward_levels', `two levels at turnover ${twin.turnover}`);
  return sorted;
}

/** The admin API's view of a partner: exact decimals as strings. */
export function partnerView(row: PartnerRow) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    status: row.status,
    reward_percent: row.rewardPercent,
    reward_base: row.rewardBase,
    reward_levels: row.rewardLevels ? JSON.parse(row.rewardLevels) as Array<{ turnover: string; percent: string }> : [],
    min_payout: formatDecimal(fromUnits(row.minPayout)),
    second_tier_percent: row.secondTierPercent,
    parent_partner_id: row.parentPartnerId,
    created_at: row.createdAt,
  };
}

export function referralUrl(config: Pick<Config, 'siteUrl'>, code: string): string {
  return `${config.siteUrl}/ref/${encodeURIComponent(code)}/`;
}

export async function createLink(repos: Repos, config: Config, partnerId: number, input: { code?: string; name?: string }) {
  await getPartner(repos, partnerId);
  if (input.code !== undefined && !CODE_PATTERN.test(input.code)) {
    throw new ValidationError('code', 'expected 3-64 characters of A-Z, a-z, 0-9, _ or -');
  }
  if (input.code === RESERVED_LINK_CODE) throw new ConflictError(`Referral code ${input.code} is already taken`);
  const name = input.name === undefined ? null : safeText('name', input.name);
  const row = await repos.links.insert({ code: input.code ?? newReferralCode(), partnerId, name });
  if (!row) throw new ConflictError(`Referral code ${input.code} is already taken`);
  return linkView(config, row);
}

export function linkView(config: Config, row: LinkRow) {
  return { id: row.id, code: row.code, name: row.name, url: referralUrl(config, row.code), disabled: row.disabledAt !== null, created_at: row.createdAt };
}
