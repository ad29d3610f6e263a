// Schema pieces every area shares: ids and codes in URLs, decimal input, and the shapes of
// what the API answers with (exact decimal strings for money and rates, unix times).
import { Type, type Static, type TSchema } from 'typebox';
import { MAX_ID } from '../ids.js';

/**
 * A row id in a URL, a query or a body: positive and within PostgreSQL's integer, the type of
 * the id columns (a larger one made the database refuse the query: a 500 instead of a 400).
 */
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
export const IdParams = Type.Object({ id: Id });
/** A unix time or an offset in a query: an integer JavaScript holds exactly, so one both engines' 64-bit columns take. */
export const SafeInteger = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** A code in the URL (referral link, feed, currency): its rule is checked by the service. */
export const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
/** Amounts are accepted as decimal strings (exact) or JSON numbers. */
export const DecimalInput = Type.Union([Type.String({ maxLength: 64 }), Type.Number()]);
export const ErrorReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
/** A currency code; its pattern is checked by src/money/currency.ts so every area says the same. */
export const CurrencyCodeInput = Type.String({ maxLength: 50 });

/** An exact decimal, answered as a string so that no client reads it through a float. */
export const DecimalString = Type.String({ description: 'exact decimal as a string, e.g. "0.00478"' });
/** Ledger money: an exact decimal string in the reward currency (src/money/decimal.ts). */
export const Money = Type.String({ description: 'exact decimal string in the reward currency' });
/** A moment as unix time: whole seconds since 1970-01-01 UTC. */
export const UnixTime = Type.Integer({ description: 'unix time, seconds (UTC)' });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/**
 * A body field that may be null. Not a union with Null: Fastify's Ajv coerces types, and it
 * would turn null into "" in the union's first branch (or [0] into null in the null branch)
 * before the other is tried. OpenAPI 3.0's `nullable`, which Ajv knows, takes null as it is.
 */
export const NullableInput = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });
/** The envelope of every admin list: `{ "items": [...] }`. */
export const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
/** A query or body without fields: anything sent in it is an unknown field. */
export const NO_FIELDS = Type.Object({}, { additionalProperties: false });
/** An answer without a body (204). */
export const NoContent = Type.Null({ description: 'no content' });
/** One of a closed list of words, e.g. a status; errors name the values allowed. */
export const OneOf = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((value) => Type.Literal(value))));
