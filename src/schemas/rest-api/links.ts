// Promotion links of the REST API (/api/links/…): the link as shown, what a partner sends to
// create or change one, and a link's numbers by day. Rules live in src/services/promotion-links/.
import { Type } from 'typebox';
import { NullableInput as Nullable } from '../common.js';
import { Money, PeriodQuery } from './common.js';

const Visibility = Type.Union([Type.Literal('listed'), Type.Literal('hidden'), Type.Literal('archived')], {
  description: '`listed` in the cabinet, `hidden` from its list, `archived` (out of the list and the link limit; it still redirects and counts)',
});
const ParameterType = Type.Unsafe<'uid' | 'pid' | 'sid' | null>({
  type: 'string', enum: ['uid', 'pid', 'sid', null], nullable: true, description: 'A query parameter under which the code is also accepted (`/?uid=CODE`)',
});

const EXAMPLE = {
  id: 12, code: 'spring-promo', name: 'Spring promo', url: 'https://exchanger.example/ref/spring-promo/', disabled: false,
  created_at: 1768003200, updated_at: 1768003200, type: 'client', target: { kind: 'direction', cur_from: 'BTC', cur_to: 'PMUSD' },
  target_url: null, visibility: 'listed', visible_partner_ids: null, parameter_type: null, extra: {}, kind: 'referral',
};

export const LinkView = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: 'The code in the URL, unique across partners' }),
  name: Nullable(Type.String()),
  url: Type.String({ description: 'The public referral URL to publish' }),
  disabled: Type.Boolean({ description: 'Disabled by the operator: the link redirects but counts nothing' }),
  created_at: Type.Integer(), updated_at: Type.Integer(),
  type: Type.Union([Type.Literal('client'), Type.Literal('agent')], { description: '`client`: brings exchangers; `agent`: brings partners (to the sign-up page)' }),
  target: Type.Object({
    kind: Type.Union([Type.Literal('home'), Type.Literal('direction'), Type.Literal('path')]),
    cur_from: Type.Optional(Nullable(Type.String())), cur_to: Type.Optional(Nullable(Type.String())), path: Type.Optional(Nullable(Type.String())),
  }, { description: 'Where a visitor goes: the home page, an exchange direction, or a page of the operator\'s site' }),
  target_url: Nullable(Type.String({ description: 'The target as sent' })),
  visibility: Visibility,
  visible_partner_ids: Nullable(Type.Array(Type.Integer())),
  parameter_type: ParameterType,
  extra: Type.Object({}, { additionalProperties: true, description: 'Fields of the seed\'s introduce/create, echoed' }),
  kind: Type.Literal('referral', { description: 'Always `referral` (kept for clients of the first list)' }),
}, { example: EXAMPLE });

export const LinkList = Type.Object({ data: Type.Array(LinkView) }, { example: { data: [EXAMPLE] } });

const TargetFields = {
  target_url: Type.Optional(Nullable(Type.String({
    maxLength: 2000,
    description: 'A page of the operator\'s site: a path (`/rules`) or an absolute URL on its origin; another origin is refused. Empty or null: the home page',
  }))),
  cur_from: Type.Optional(Nullable(Type.String({ maxLength: 50, description: 'With `cur_to`: the link opens this exchange direction' }))),
  cur_to: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
};

const ChangeFields = {
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  ...TargetFields,
  visibility: Type.Optional(Visibility),
  visible_partner_ids: Type.Optional(Nullable(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 }))),
  parameter_type: Type.Optional(ParameterType),
};

export const NewLinkBody = Type.Object({
  ...ChangeFields,
  code: Type.Optional(Type.String({ maxLength: 64, description: '3–64 of A-Z a-z 0-9 _ -; generated when absent. A taken code is a 409 ValidationError under `errors.code`' })),
  type: Type.Optional(Type.Union([Type.Literal('client'), Type.Literal('agent')], { default: 'client' })),
}, { additionalProperties: false, example: { name: 'Spring promo', code: 'spring-promo', cur_from: 'BTC', cur_to: 'PMUSD' } });

export const LinkPatchBody = Type.Object(ChangeFields, {
  additionalProperties: false,
  example: { name: 'Spring promo (April)', target_url: '/exchange/btc-to-pmusd' },
  description: 'Only the fields sent change; `visibility: archived` archives the link. The type and the code never change.',
});

export const LinkParams = Type.Object({ code: Type.String({ maxLength: 200, description: 'The link\'s code' }) });

export const LinkListQuery = Type.Object({
  archived: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1'), Type.Literal('true'), Type.Literal('false')], { description: '`1`: archived links too' })),
});

export const LinkStatsQuery = Type.Object({
  ...PeriodQuery,
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: '`csv`: the same as `Accept: text/csv`' })),
});

const DayFigures = {
  clicks: Type.Integer({ description: 'Counted clicks (no bots, no repeats)' }),
  exchanges: Type.Integer({ description: 'Exchanges attributed to the link, by their time' }),
  successful: Type.Integer(),
  earnings: Money('Rewards of its successful exchanges'),
  conversion: Type.String({ description: 'Successful exchanges per 100 counted clicks, 2 decimals' }),
};

export const LinkStatsReply = Type.Object({
  code: Type.String(),
  data: Type.Array(Type.Object({ date: Type.String({ description: 'YYYY-MM-DD (UTC); days without activity are left out' }), ...DayFigures })),
  totals: Type.Object({ ...DayFigures, from: Type.Integer(), to: Type.Integer() }),
}, {
  example: {
    code: 'spring-promo',
    data: [{ date: '2026-01-10', clicks: 4, exchanges: 1, successful: 1, earnings: '1.45', conversion: '25.00' }],
    totals: { clicks: 4, exchanges: 1, successful: 1, earnings: '1.45', conversion: '25.00', from: 1767398400, to: 1768003199 },
  },
});
