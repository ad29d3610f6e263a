// The seed's promotion link (POST /v1/api/introduce/create) to ratelink's, and back. The
// broker fields mean nothing to an exchanger: they are stored and echoed as sent.
import type { Config } from '../../config.js';
import type { LinkParameterType, LinkRow, LinkVisibility } from '../../db/repos.js';
import { NameRequiredError, ValidationError } from '../../errors.js';
import { referralUrl } from '../partners/partners.js';
import type { NewLinkInput } from '../promotion-links/links.js';

export const BROKER_FIELDS = ['serverId', 'vendor', 'mtGroup', 'accountGroup', 'leverage', 'ownerType', 'ownerId', 'ownerName'] as const;

export interface IntroduceBody {
  name?: string | null;
  entityNo?: unknown;
  introduceType?: 'Agent' | 'StraightGuest';
  visibleType?: 'UserAllVisible' | 'UserPartVisible' | 'UserNotVisible';
  visibleUserId?: Array<number | string> | null;
  targetUrl?: unknown;
  parameterType?: LinkParameterType | null;
  [field: string]: unknown;
}

export function toLinkInput(body: IntroduceBody): NewLinkInput {
  if (typeof body.name !== 'string' || body.name.trim() === '') throw new NameRequiredError();
  const type = body.introduceType === 'Agent' ? 'agent' : 'client';
  const entityNo = text('entityNo', body.entityNo, 64);
  const targetUrl = text('targetUrl', body.targetUrl, 2000)?.trim() || null;
  if (type === 'client' && targetUrl === null) throw new ValidationError('targetUrl', 'required when introduceType is StraightGuest');
  const ids = body.visibleUserId ?? null;
  if (body.visibleType === 'UserPartVisible' && (ids === null || ids.length === 0)) {
    throw new ValidationError('visibleUserId', 'required (the partner ids) when visibleType is UserPartVisible');
  }
  const extra: Record<string, unknown> = {};
  for (const field of BROKER_FIELDS) if (body[field] !== undefined) extra[field] = brokerField(field, body[field]);
  return {
    name: body.name,
    ...(entityNo ? { code: entityNo } : {}),
    type,
    target_url: targetUrl,
    visibility: body.visibleType === 'UserNotVisible' ? 'hidden' : 'listed',
    visible_partner_ids: body.visibleType === 'UserPartVisible' ? ids!.map(Number) : null,
    parameter_type: body.parameterType ?? null,
    extra,
  };
}

/** A text field of the seed: a string, or absent (null or not sent); never a number or a yes/no read as text. */
function text(field: string, value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(field, 'expected a string');
  if (value.length > max) throw new ValidationError(field, `expected at most ${max} characters`);
  return value;
}

const BROKER_FIELD_MAX = 200;
// The seed sends these as strings or as integers (`vendor`: a string or a boolean); the same
// type is stored and echoed, so they are checked here rather than coerced by the schema.
const INTEGER_FIELDS: ReadonlySet<string> = new Set(['serverId', 'accountGroup', 'leverage', 'ownerId']);

// What no database can keep as sent: a NUL (PostgreSQL refuses it) or half a surrogate pair.
const UNSTORABLE = /\u0000|\p{Cs}/u;

function brokerField(field: string, value: unknown): unknown {
  if (value === null) return value;
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) throw new ValidationError(field, 'expected text without NUL characters or unpaired surrogates');
    if (value.length <= BROKER_FIELD_MAX) return value;
    throw new ValidationError(field, `expected at most ${BROKER_FIELD_MAX} characters`);
  }
  if (field === 'vendor') {
    if (typeof value === 'boolean') return value;
    throw new ValidationError(field, 'expected a string or a boolean');
  }
  if (INTEGER_FIELDS.has(field)) {
    if (Number.isSafeInteger(value)) return value;
    throw new ValidationError(field, 'expected a string or an integer');
  }
  throw new ValidationError(field, 'expected a string');
}

/** The seed's `data`, in its order; `displayUrl` is this server's public /ref/ URL of the link. */
export function toIntroduceData(config: Pick<Config, 'siteUrl'>, row: LinkRow) {
  return {
    entityNo: row.code,
    name: row.name,
    introduceType: row.linkType === 'agent' ? 'Agent' : 'StraightGuest',
    visibleType: visibleType(row.visibility, row.visiblePartnerIds),
    visibleUserId: row.visiblePartnerIds ?? [],
    targetUrl: row.targetUrl,
    displayUrl: referralUrl(config, row.code),
    parameterType: row.parameterType,
    ...Object.fromEntries(BROKER_FIELDS.filter((field) => field in row.extra).map((field) => [field, row.extra[field]])),
  };
}

function visibleType(visibility: LinkVisibility, ids: number[] | null) {
  if (visibility !== 'listed') return 'UserNotVisible';
  return ids === null ? 'UserAllVisible' : 'UserPartVisible';
}
