// TypeBox schemas of the feeds area: the monitor feeds the operator manages (/admin/feeds),
// the switches over every feed (maintenance, currency decimals), and the public feed URLs.
import { Type } from 'typebox';
import { FEED_DIALECTS } from '../db/rows.js';
import { MAX_PRECISION } from '../services/feeds/settings.js';
import { ListOf, Nullable, OneOf, UnixTime } from './common.js';

/** Checked, and normalised, by services/feeds/options.ts, which names the offending key. */
const FeedOptionsInput = Type.Record(Type.String(), Type.Unknown());

export const FeedBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  dialect: Type.Optional(OneOf(FEED_DIALECTS)),
  options: Type.Optional(FeedOptionsInput),
}, { additionalProperties: false });

export const FeedPatchBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  dialect: Type.Optional(OneOf(FEED_DIALECTS)),
  options: Type.Optional(FeedOptionsInput),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });

/** feedView. `options` as stored: its keys in the order the operator gave them. */
export const FeedReply = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  dialect: OneOf(FEED_DIALECTS),
  options: Type.Object({}, { additionalProperties: true, description: 'include, exclude, aliases, max_age (services/feeds/options.ts)' }),
  enabled: Type.Boolean(),
  urls: Type.Object({ xml: Type.String(), json: Type.String(), txt: Type.String() }),
  last_fetch_at: Nullable(UnixTime),
  fetch_count: Type.Integer(),
  last_ip: Nullable(Type.String()),
});
export const FeedList = ListOf(FeedReply);

export const MaintenanceBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
export const MaintenanceReply = Type.Object({ enabled: Type.Boolean(), switch: Type.Boolean(), forced_by_env: Type.Boolean() });

export const PrecisionBody = Type.Object({ precision: Type.Integer({ minimum: 0, maximum: MAX_PRECISION }) }, { additionalProperties: false });
export const CurrencyReply = Type.Object({
  code: Type.String(), precision: Type.Integer(), default_precision: Type.Integer(), overridden: Type.Boolean(),
});
export const CurrencyList = ListOf(CurrencyReply);

/** /service/export/{format}/:code: any code is only unknown to a monitor, never invalid. */
export const ExportParams = Type.Object({ code: Type.String() });
