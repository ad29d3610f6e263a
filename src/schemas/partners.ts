// TypeBox schemas of the admin partner routes: partners, their API keys and referral links.
import { Type } from 'typebox';
import { PARTNER_STATUSES, REWARD_BASES } from '../db/rows.js';
import { DecimalInput, DecimalString, Id, ListOf, Money, Nullable, OneOf, UnixTime } from './common.js';

// The operator sets active or blocked; pending is a signed-up partner's state until approved
// (POST /admin/partners/:id/approve).
const SETTABLE_STATUSES = ['active', 'blocked'] as const;

const PartnerFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ maxLength: 254, description: 'an email address (checked by the service, for the CLI too)' }),
  status: OneOf(SETTABLE_STATUSES),
  reward_percent: DecimalInput,
  reward_base: OneOf(REWARD_BASES),
  reward_levels: Type.Union([Type.Array(Type.Object({ turnover: DecimalInput, percent: DecimalInput }, { additionalProperties: false }), { maxItems: 50 }), Type.Null()]),
  min_payout: DecimalInput,
  // The percent of each reward of its sub-partners the partner earns (docs/promotion-links.md).
  second_tier_percent: DecimalInput,
};

export const PartnerCreateBody = Type.Object({
  ...PartnerFields,
  status: Type.Optional(PartnerFields.status),
  reward_base: Type.Optional(PartnerFields.reward_base),
  reward_levels: Type.Optional(PartnerFields.reward_levels),
  min_payout: Type.Optional(PartnerFields.min_payout),
  second_tier_percent: Type.Optional(PartnerFields.second_tier_percent),
}, { additionalProperties: false });
export const PartnerPatchBody = Type.Partial(Type.Object(PartnerFields), { additionalProperties: false, minProperties: 1 });

/** A partner's settings (partnerView): the order of the fields is the order of the JSON text. */
const partnerReplyFields = {
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  status: OneOf(PARTNER_STATUSES),
  reward_percent: DecimalString,
  reward_base: OneOf(REWARD_BASES),
  reward_levels: Type.Array(Type.Object({ turnover: Money, percent: DecimalString })),
  min_payout: Money,
  created_at: UnixTime,
};
export const PartnerReply = Type.Object(partnerReplyFields, { additionalProperties: true });

/** GET /admin/partners/:id: the settings, then the figures of services/partners/stats.ts. */
export const PartnerDetailReply = Type.Object({
  ...partnerReplyFields,
  balance: Money,
  total_earned: Money,
  total_paid: Money,
  total_pending: Money,
  turnover: Money,
  current_percent: DecimalString,
  clicks: Type.Integer({ description: 'counted clicks: no bots, no repeats' }),
  exchanges: Type.Integer(),
  exchanges_success: Type.Integer(),
}, { additionalProperties: true });

/** Its rule is checked by revokeApiKey, so that the CLI and the API say the same. */
export const KeyPrefixParams = Type.Object({ prefix: Type.String({ maxLength: 64 }) });
/** The only answer that holds the key itself; ratelink keeps its hash. */
export const IssuedKeyReply = Type.Object({ api_key: Type.String(), prefix: Type.String(), created_at: UnixTime });
export const ApiKeyReply = Type.Object({
  prefix: Type.String(),
  created_at: UnixTime,
  revoked_at: Nullable(UnixTime),
  last_used_at: Nullable(UnixTime),
  last_used_ip: Nullable(Type.String()),
});

export const LinkBody = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 64 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });
export const LinkPatchBody = Type.Object({
  name: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 200 })])),
  disabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export const LinkQuery = Type.Object({ partner_id: Type.Optional(Id) }, { additionalProperties: false });

const linkReplyFields = {
  id: Type.Integer(),
  code: Type.String(),
  name: Nullable(Type.String()),
  url: Type.String({ description: 'the referral URL partners publish' }),
  disabled: Type.Boolean(),
  created_at: UnixTime,
};
/** A link as its partner's list shows it (linkView). */
export const LinkReply = Type.Object(linkReplyFields, { additionalProperties: true });
/** A link in the operator's list of every link, and after a change. */
export const AdminLinkReply = Type.Object({ ...linkReplyFields, partner_id: Type.Integer(), disabled_at: Nullable(UnixTime) }, { additionalProperties: true });

export const PartnerList = ListOf(PartnerReply);
export const ApiKeyList = ListOf(ApiKeyReply);
export const LinkList = ListOf(LinkReply);
export const AdminLinkList = ListOf(AdminLinkReply);
