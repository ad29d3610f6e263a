// TypeBox schemas of the admin ledger routes (exchanges, payouts, payout methods, adjustments).
import { Type } from 'typebox';
import { EXCHANGE_STATUSES, PAYOUT_STATUS_NAMES } from '../db/rows.js';
import { CurrencyCodeInput, DecimalInput, DecimalString, Id, ListOf, Money, Nullable, OneOf, SafeInteger, UnixTime } from './common.js';

const PayoutStatus = OneOf(PAYOUT_STATUS_NAMES);

export const ExchangeBody = Type.Object({
  // An integer up to 2^53 - 1 (checkNumericExternalId: a larger one arrives rounded).
  external_id: Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })]),
  user_hash: Type.Optional(Type.String({ maxLength: 64 })),
  ref_code: Type.Optional(Type.String({ maxLength: 64 })),
  time: Type.Optional(Type.Integer({ minimum: 0 })),
  cur_give: CurrencyCodeInput,
  cur_get: CurrencyCodeInput,
  amount_give: DecimalInput,
  amount_get: DecimalInput,
  course_give: DecimalInput,
  course_get: DecimalInput,
  status: OneOf(EXCHANGE_STATUSES),
  reward_base_amount: DecimalInput,
  customer_email: Type.Optional(Type.String({ maxLength: 320 })),
}, { additionalProperties: false });

export const ExchangeReply = Type.Object({
  id: Type.Integer(),
  external_id: Type.String(),
  partner_id: Nullable(Type.Integer()),
  click_id: Nullable(Type.Integer()),
  user_hash: Nullable(Type.String()),
  ref_code: Nullable(Type.String()),
  time: UnixTime,
  cur_give: Type.String(),
  cur_get: Type.String(),
  amount_give: DecimalString,
  amount_get: DecimalString,
  course_give: DecimalString,
  course_get: DecimalString,
  status: OneOf(EXCHANGE_STATUSES),
  reward_base_amount: Money,
  reward_percent: Nullable(DecimalString),
  reward: Money,
  accrued: Type.Boolean(),
  flag: Nullable(Type.String()),
  review: Nullable(Type.String()),
  reviewed_by: Nullable(Type.String()),
  reviewed_at: Nullable(UnixTime),
  created_at: UnixTime,
  updated_at: UnixTime,
});

export const ExchangeQuery = Type.Object({
  partner_id: Type.Optional(Id),
  status: Type.Optional(OneOf(EXCHANGE_STATUSES)),
  from: Type.Optional(SafeInteger),
  to: Type.Optional(SafeInteger),
  flagged: Type.Optional(Type.Boolean()),
  review: Type.Optional(OneOf(['pending', 'approved', 'rejected'] as const)),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }),
}, { additionalProperties: false });

export const PayoutReply = Type.Object({
  id: Type.Integer(),
  partner_id: Type.Integer(),
  method_id: Type.Integer(),
  account: Type.String(),
  amount: Money,
  status: PayoutStatus,
  canceled_by: Nullable(Type.String()),
  tx_ref: Nullable(Type.String()),
  created_at: UnixTime,
  paid_at: Nullable(UnixTime),
  canceled_at: Nullable(UnixTime),
});

export const PayoutBody = Type.Object({
  partner_id: Id,
  method_id: Id,
  account: Type.String({ minLength: 1, maxLength: 200 }),
  amount: Type.Optional(DecimalInput),
}, { additionalProperties: false });

/** A page of a list that once had no paging: its first 1000 rows by default, as before. */
const PAGE = {
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 1000 }),
  offset: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }),
};

export const PayoutQuery = Type.Object({
  status: Type.Optional(PayoutStatus),
  partner_id: Type.Optional(Id),
  ...PAGE,
}, { additionalProperties: false });

export const LedgerQuery = Type.Object(PAGE, { additionalProperties: false });

export const PayBody = Type.Object({ tx_ref: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false });

export const PayoutMethodBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 100 }),
  currency: CurrencyCodeInput,
  commission: Type.Optional(DecimalInput),
}, { additionalProperties: false });

export const PayoutMethodReply = Type.Object({
  id: Type.Integer(), title: Type.String(), currency: Type.String(), commission: DecimalString, created_at: UnixTime,
});

export const AdjustmentBody = Type.Object({
  amount: DecimalInput,
  reason: Type.String({ minLength: 1, maxLength: 500 }),
}, { additionalProperties: false });

export const LedgerEntryReply = Type.Object({
  id: Type.Integer(),
  partner_id: Type.Integer(),
  kind: Type.String(),
  amount: Money,
  exchange_id: Nullable(Type.Integer()),
  payout_id: Nullable(Type.Integer()),
  reason: Nullable(Type.String()),
  created_at: UnixTime,
});

/** Who approves or rejects a flagged exchange (default: the surface that did it). */
export const ReviewBody = Type.Object({
  by: Type.Optional(Type.String({ maxLength: 100, description: '1-100 characters without control or format characters (checked by the service)' })),
}, { additionalProperties: false });

export const ExchangeList = ListOf(ExchangeReply);
export const PayoutList = ListOf(PayoutReply);
export const PayoutMethodList = ListOf(PayoutMethodReply);
export const AdjustmentReply = Type.Object({ entry: LedgerEntryReply, balance: Money });
export const LedgerReply = Type.Object({ balance: Money, items: Type.Array(LedgerEntryReply) });
