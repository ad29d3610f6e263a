// The reports' query and answers: {"data": [...], "totals": {...}}, or CSV.
import { Type, type TSchema } from 'typebox';
import { PeriodQuery } from './common.js';

export const ReportQuery = Type.Object({
  ...PeriodQuery,
  group_by: Type.Optional(Type.Union([
    Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('link'), Type.Literal('direction'), Type.Literal('sub1'),
  ], {
    description: 'Figures instead of rows (clicks and exchanges only): per local day (RATELINK_TZ), ISO week (its Monday) or month; '
      + 'or per link (its code), exchange direction (`FROM>TO`: a click\'s requested direction, an exchange\'s own) or sub1 tag, '
      + 'keys in text order, rows without one last, paged by `limit`/`offset` (`totals.groups` counts them all; there `earned` is the rewards of the successful exchanges)',
  })),
  ordering: Type.Optional(Type.Union([Type.Literal('-time'), Type.Literal('time')], { description: 'Rows: newest first (default) or oldest first. Days, weeks and months: oldest first unless `-time`' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Rows, or link/direction/sub1 groups, per page; days, weeks and months come all at once' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  cursor: Type.Optional(Type.String({
    pattern: '^[0-9]{1,16}-[0-9]{1,16}$',
    description: 'Clicks, exchanges and payouts: the `next_cursor` of the page before; the rows after it (newest first, `offset` ignored), '
      + 'stable while new rows arrive. Opaque: pass it back as it came.',
  })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: '`csv`: the same as `Accept: text/csv`' })),
});

export const ReportReply = Type.Object({
  data: Type.Array(Type.Object({}, { additionalProperties: true })),
  totals: Type.Object({}, { additionalProperties: true }),
  next_cursor: Type.Optional(Type.Union([Type.String(), Type.Null()], {
    description: 'Row lists of clicks, exchanges and payouts: the `cursor` of the next (older) page, null on the last one',
  })),
}, {
  example: { data: [{ period: '2026-01-10', clicks: 2, exchanges: 1, successful: 1, earned: '1.45', conversion: '50.00' }], totals: { clicks: 2 } },
});

/** A 200 that is JSON (`schema`), or the same rows as CSV: JSON first, what a client (and Try it out) gets by default. */
export const jsonOrCsv = (schema: TSchema) => ({
  description: 'JSON, or the same rows as CSV (RFC 4180, UTF-8, a header row) with `Accept: text/csv` or `?format=csv`',
  content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' } } },
});
