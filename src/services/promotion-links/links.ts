// Partners' promotion links (docs/promotion-links.md): create, change, archive, list, and the
// numbers of one link by day. Every rule is here; the REST API, the cabinet and the seed's
// POST /v1/api/introduce/create only translate. A partner reaches only its own links: another
// partner's code is "not found", never "forbidden", so codes can not be probed.
import type { Config } from '../../config.js';
import type { LinkChanges, LinkParameterType, LinkRow, LinkType, LinkVisibility, Repos, TxRepos } from '../../db/repos.js';
import { LinkCodeTakenError, LinkLimitError, LinkTargetTakenError, NotFoundError, onField, PartnerBlockedError, ValidationError } from '../../errors.js';
import { CODE_PATTERN, newReferralCode, RESERVED_LINK_CODE } from '../../ids.js';
import { decimal, formatDecimal, fromUnits, roundTo } from '../../money/decimal.js';
import { hasUnsafeCharacters } from '../partners/partner-text.js';
import { resolveTarget, type TargetInput } from './target.js';
import { promotionLinkView } from './view.js';

export type LinksConfig = Pick<Config, 'siteUrl' | 'partnerLinkLimit'>;

export interface LinkInput extends TargetInput {
  name?: string | null;
  visibility?: LinkVisibility;
  /** Partners who may see the link (the seed's UserPartVisible); null: no such list. */
  visible_partner_ids?: number[] | null;
  parameter_type?: LinkParameterType | null;
  /** Stored and echoed unchanged (the seed's broker fields). */
  extra?: Record<string, unknown>;
}

export interface NewLinkInput extends LinkInput {
  code?: string;
  type?: LinkType;
}

const NAME_MAX = 200;
const VISIBLE_IDS_MAX = 100;
const EXTRA_MAX_CHARS = 4000;

export async function createPromotionLink(repos: Repos, config: LinksConfig, partnerId: number, input: NewLinkInput, now: number) {
  return promotionLinkView(config, await insertPromotionLink(repos, config, partnerId, input, now));
}

/** createPromotionLink's row, for endpoints that shape it their own way (the seed's). */
export async function insertPromotionLink(repos: Repos, config: LinksConfig, partnerId: number, input: NewLinkInput, now: number): Promise<LinkRow> {
  const type = input.type ?? 'client';
  if (input.code !== undefined && !CODE_PATTERN.test(input.code)) {
    throw onField(new ValidationError('code', 'expected 3-64 characters of A-Z, a-z, 0-9, _ or -'), 'code');
  }
  if (input.code === RESERVED_LINK_CODE) throw onField(new LinkCodeTakenError(input.code), 'code');
  const values = { ...checkedChanges(config, type, input), linkType: type, createdAt: now, updatedAt: now };
  const row = await repos.transaction(async (tx) => {
    await activePartner(tx, partnerId);
    // A link created archived takes a place too: else the limit bounds nothing.
    await assertBelowLimit(tx, config, partnerId);
    await assertTargetFree(tx, partnerId, { targetUrl: values.targetUrl ?? null, parameterType: values.parameterType ?? null, visibility: values.visibility ?? 'listed' }, null);
    return tx.links.insert({ ...values, code: input.code ?? newReferralCode(), partnerId });
  });
  if (!row) throw onField(new LinkCodeTakenError(input.code ?? ''), 'code');
  return row;
}

export async function updatePromotionLink(repos: Repos, config: LinksConfig, partnerId: number, code: string, input: LinkInput, now: number) {
  const row = await repos.transaction(async (tx) => {
    const current = await ownLink(tx, partnerId, code);
    const changes: LinkChanges = { ...checkedChanges(config, current.linkType, input, current), updatedAt: now };
    if (current.visibility === 'archived' && changes.visibility !== undefined && changes.visibility !== 'archived') {
      await assertBelowLimit(tx, config, partnerId);
    }
    await assertTargetFree(tx, partnerId, { ...current, ...changes }, current.id);
    return tx.links.update(code, changes);
  });
  return promotionLinkView(config, row!);
}

/** Archived: out of the partner's list and limit; it keeps redirecting and counting its visitors. */
export async function archivePromotionLink(repos: Repos, config: LinksConfig, partnerId: number, code: string, now: number) {
  return updatePromotionLink(repos, config, partnerId, code, { visibility: 'archived' }, now);
}

export async function getPromotionLink(repos: TxRepos, config: LinksConfig, partnerId: number, code: string) {
  return promotionLinkView(config, await ownLink(repos, partnerId, code));
}

/** The partner's links, oldest first; archived ones only when asked for. */
export async function listPromotionLinks(repos: TxRepos, config: LinksConfig, partnerId: number, options: { archived?: boolean } = {}) {
  const rows = await repos.links.listByPartner(partnerId);
  return rows.filter((row) => options.archived || row.visibility !== 'archived').map((row) => promotionLinkView(config, row));
}

/**
 * A link's numbers per UTC day within [from, to] (unix seconds, inclusive): counted clicks,
 * attributed exchanges, successful ones, the rewards they earned (exact decimals) and the
 * conversion (successful exchanges per 100 counted clicks, 2 decimals).
 */
export async function promotionLinkStats(repos: TxRepos, partnerId: number, code: string, range: { from: number; to: number }) {
  const link = await ownLink(repos, partnerId, code);
  const days = await repos.links.dailyStats(partnerId, link.id, range.from, range.to);
  const totals = days.reduce((t, d) => ({
    clicks: t.clicks + d.clicks, exchanges: t.exchanges + d.exchanges, successful: t.successful + d.successful, earnings: t.earnings + d.earnings,
  }), { clicks: 0, exchanges: 0, successful: 0, earnings: 0n });
  const shape = (d: Omit<typeof days[number], 'day'>) => ({
    clicks: d.clicks,
    exchanges: d.exchanges,
    successful: d.successful,
    earnings: formatDecimal(fromUnits(d.earnings)),
    conversion: d.clicks === 0 ? '0.00' : roundTo(decimal(d.successful).times(100).div(d.clicks), 2).toFixed(2),
  });
  return {
    code: link.code,
    days: days.map((d) => ({ date: new Date(d.day * 1000).toISOString().slice(0, 10), ...shape(d) })),
    totals: shape(totals),
  };
}

async function activePartner(repos: TxRepos, partnerId: number) {
  const partner = await repos.partners.findById(partnerId);
  if (!partner) throw new NotFoundError(`Partner ${partnerId}`);
  if (partner.status === 'blocked') throw new PartnerBlockedError();
  return partner;
}

async function ownLink(repos: TxRepos, partnerId: number, code: string): Promise<LinkRow> {
  const row = CODE_PATTERN.test(code) ? await repos.links.findByCode(code) : null;
  if (!row || row.partnerId !== partnerId) throw new NotFoundError(`Referral link ${code}`);
  return row;
}

async function assertBelowLimit(repos: TxRepos, config: LinksConfig, partnerId: number) {
  if (await repos.links.countUnarchived(partnerId) >= config.partnerLinkLimit) throw new LinkLimitError(config.partnerLinkLimit);
}

/** One target URL per parameter type among the partner's links that are not archived (the seed's BW_USER_INRR_PARAM_ERROR). */
async function assertTargetFree(repos: TxRepos, partnerId: number, link: Pick<LinkRow, 'targetUrl' | 'parameterType' | 'visibility'>, exceptId: number | null) {
  if (link.targetUrl === null || link.visibility === 'archived') return;
  const taken = (await repos.links.listByPartner(partnerId)).some((other) => other.id !== exceptId
    && other.visibility !== 'archived' && other.targetUrl === link.targetUrl && other.parameterType === link.parameterType);
  if (taken) throw onField(new LinkTargetTakenError(link.targetUrl), 'target_url');
}

/** The validated columns of `input`; only the fields given (a target's fields go together). */
function checkedChanges(config: LinksConfig, type: LinkType, input: LinkInput, current?: LinkRow) {
  const changes: LinkChanges & { visibility?: LinkVisibility; targetUrl?: string | null; parameterType?: LinkParameterType | null } = {};
  if (input.name !== undefined) changes.name = input.name === null ? null : checkedName(input.name);
  if (input.target_url !== undefined || input.cur_from !== undefined || input.cur_to !== undefined) {
    Object.assign(changes, resolveTarget(config.siteUrl, type, input));
  }
  if (input.visibility !== undefined) changes.visibility = input.visibility;
  if (input.visible_partner_ids !== undefined) changes.visiblePartnerIds = checkedIds(input.visible_partner_ids);
  if (input.parameter_type !== undefined) changes.parameterType = input.parameter_type;
  if (input.extra !== undefined) changes.extra = checkedExtra(input.extra);
  if (!current) changes.visibility ??= 'listed';
  return changes;
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  // Characters as the schema and the partner count them (code points), not UTF-16 units.
  if (trimmed === '' || [...trimmed].length > NAME_MAX || hasUnsafeCharacters(trimmed)) {
    throw onField(new ValidationError('name', `expected 1-${NAME_MAX} characters without control, format or separator characters`), 'name');
  }
  return trimmed;
}

function checkedIds(ids: number[] | null): number[] | null {
  if (ids === null) return null;
  if (ids.length > VISIBLE_IDS_MAX || !ids.every((id) => Number.isSafeInteger(id) && id > 0)) {
    throw onField(new ValidationError('visible_partner_ids', `expected at most ${VISIBLE_IDS_MAX} positive integer partner ids`), 'visible_partner_ids');
  }
  return [...new Set(ids)];
}

function checkedExtra(extra: Record<string, unknown>): Record<string, unknown> {
  if (JSON.stringify(extra).length > EXTRA_MAX_CHARS) throw onField(new ValidationError('extra', `expected at most ${EXTRA_MAX_CHARS} characters of JSON`), 'extra');
  return extra;
}
