// TypeBox schemas of the rate table: GET/PUT/PATCH /admin/directions and its XML import.
import { Type } from 'typebox';
import { DecimalString, ListOf, Nullable, UnixTime } from './common.js';

// Values are a decimal string or a JSON number (or null to clear an optional field). They are
// checked by the service, field by field: Fastify's Ajv coerces types, and inside a union it
// would turn 0 into null, null into "" or "0.1" into a float before we could read it exactly.
const Scalar = Type.Unknown({ description: 'a decimal string, a JSON number, or null' });
const List = Type.Unsafe<string[] | null>({ type: ['array', 'null'], items: { type: 'string', maxLength: 64 }, maxItems: 200 });

export const DirectionItem = Type.Object({
  from: Type.String({ maxLength: 64, description: 'currency the client gives, e.g. BTC' }),
  to: Type.String({ maxLength: 64, description: 'currency the client receives, e.g. SBERRUB' }),
  in: Type.Optional(Scalar),
  out: Type.Optional(Scalar),
  amount: Type.Optional(Scalar),
  minamount: Type.Optional(Scalar),
  maxamount: Type.Optional(Scalar),
  minfee: Type.Optional(Scalar),
  fromfee: Type.Optional(Scalar),
  tofee: Type.Optional(Scalar),
  floating: Type.Optional(Scalar),
  delay: Type.Optional(Scalar),
  param: Type.Optional(List),
  city: Type.Optional(List),
  active: Type.Optional(Type.Boolean()),
  // Accepted and ignored, so that GET's items can be sent back as they are: the server stamps it.
  updated_at: Type.Optional(Type.Integer()),
}, { additionalProperties: false });

export const DirectionsBody = Type.Array(DirectionItem, { maxItems: 20_000 });
/** POST /admin/directions/import: a BestChange XML export as the raw body. */
export const XmlImportBody = Type.String({ minLength: 1 });
export const ImportQuery = Type.Object({ replace: Type.Optional(Type.Boolean({ default: false })) });
export const RatesWriteReply = Type.Object({ upserted: Type.Integer(), removed: Type.Integer(), rates_version: Type.Integer() });

/** A direction as GET answers it (directionView): decimals as the canonical strings stored. */
export const DirectionReply = Type.Object({
  from: Type.String(),
  to: Type.String(),
  in: DecimalString,
  out: DecimalString,
  amount: DecimalString,
  minamount: DecimalString,
  maxamount: DecimalString,
  minfee: Nullable(DecimalString),
  fromfee: Nullable(Type.String({ description: 'a decimal, or a percent such as "0.5%"' })),
  tofee: Nullable(Type.String({ description: 'a decimal, or a percent such as "0.5%"' })),
  floating: Nullable(Type.String({ description: 'whole minutes the rate stays fixed, or a percent such as "1%"' })),
  delay: Nullable(Type.Integer({ description: 'minutes' })),
  param: Type.Array(Type.String()),
  city: Type.Array(Type.String()),
  active: Type.Boolean(),
  updated_at: UnixTime,
});
export const DirectionList = ListOf(DirectionReply);
