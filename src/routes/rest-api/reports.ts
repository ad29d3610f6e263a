// GET /api/reports/{clicks,exchanges,rewards,payouts}/: rows newest first a page at a time, or
// clicks and exchanges grouped by day, week or month, or by link, direction or sub1; JSON or CSV. Rows come from the same
// report services as api.php (the counted-click rule, the visitor pseudonyms, the IP mask).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { formatDecimal, fromUnits } from '../../money/decimal.js';
import { clickItem, SUB_ID_FIELDS, subIdFields } from '../../services/partner-api/reports.js';
import { dailyTotals, periodFigures, sumOfDays } from '../../services/reports/summary.js';
import { groupDays } from '../../services/reports/grouped.js';
import { figuresByKey, KEY_COLUMNS } from '../../services/reports/by-key.js';
import { cursorAfter, listClicks, listExchanges, listPayouts, parseCursor } from '../../services/reports/reports.js';
import { AUTH_ERRORS, SECURED, VALIDATION_ERROR } from '../../schemas/rest-api/common.js';
import { jsonOrCsv, ReportQuery, ReportReply } from '../../schemas/rest-api/reports.js';
import type { RestApiClock } from './auth.js';
import { periodOf } from './period.js';
import { answer } from './answer.js';

type Query = Static<typeof ReportQuery>;

const GROUP_COLUMNS = ['period', 'clicks', 'exchanges', 'successful', 'earned', 'conversion'] as const;
// The JSON rows' sub-ids (fields only when set) are columns of their own, empty when unset.
const CLICK_COLUMNS = ['id', 'time', 'date', 'browser', 'ip', 'referrer', 'user_hash', 'query_string', ...SUB_ID_FIELDS] as const;
const EXCHANGE_COLUMNS = [
  'id', 'time', 'date', 'status', 'currency_code_give', 'currency_code_get', 'amount_give', 'amount_get', 'course_give', 'course_get', 'reward', 'user_hash',
  ...SUB_ID_FIELDS,
] as const;
const PAYOUT_COLUMNS = ['id', 'time', 'date', 'method_id', 'account', 'amount', 'status', 'paid_at', 'canceled_at'] as const;
const REWARD_COLUMNS = ['id', 'time', 'date', 'kind', 'amount', 'exchange_id', 'payout_id', 'reason'] as const;

const iso = (unix: number | null) => (unix === null ? null : new Date(unix * 1000).toISOString().replace('.000Z', 'Z'));
const money = (units: number | bigint) => formatDecimal(fromUnits(units));

function ordered<T>(rows: T[], query: Query, newestFirst: boolean): T[] {
  const ascending = query.ordering === 'time';
  return ascending === newestFirst ? [...rows].reverse() : rows;
}

export async function reportRoutes(fastify: FastifyInstance, { clock }: { clock: RestApiClock }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = (summary: string, description: string) => ({
    tags: ['reports'], summary, description, security: SECURED, querystring: ReportQuery,
    response: { 200: jsonOrCsv(ReportReply), ...VALIDATION_ERROR, ...AUTH_ERRORS }, produces: ['application/json', 'text/csv'],
  });
  const page = (query: Query) => ({ limit: query.limit ?? 100, offset: query.offset ?? 0 });
  // A keyset page (cursor) for the row lists: stable while rows arrive, unlike an offset.
  const keyset = (query: Query) => {
    const before = parseCursor(query.cursor);
    return before ? { ...page(query), offset: 0, before } : page(query);
  };
  /** The next page's cursor when this one was full (its rows newest first, before `ordering`). */
  const nextCursor = (rows: Array<{ time: number; id: number }>, query: Query) =>
    ({ next_cursor: rows.length === page(query).limit ? cursorAfter(rows.at(-1)!) : null });
  const view = { timeZone: app.config.timeZone, partnerFullIp: app.config.partnerFullIp, visitors: app.visitors };

  async function grouped(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) {
    const period = periodOf(request.query, clock.now());
    const by = request.query.group_by!;
    if (by === 'link' || by === 'direction' || by === 'sub1') {
      const { data, totals } = await figuresByKey(app.repos, request.partnerId, by, period, page(request.query));
      return answer(request, reply, KEY_COLUMNS[by], data, { ...totals, ...period });
    }
    const days = await dailyTotals(app.repos, request.partnerId, period, app.config.timeZone);
    const rows = groupDays(days, by);
    const totals = periodFigures(sumOfDays(days));
    return answer(request, reply, GROUP_COLUMNS, request.query.ordering === '-time' ? rows.reverse() : rows, { ...totals, ...period });
  }

  app.get('/reports/clicks/', {
    config: { csv: true },
    schema: schema('Clicks', 'Counted clicks (no bots, no repeats: the rule of api.php get_links), newest first; or per day/week/month with `group_by`. '
      + 'Visitors appear as pseudonyms and addresses as their network, as in api.php.'),
  }, async (request, reply) => {
    if (request.query.group_by) return grouped(request, reply);
    const period = periodOf(request.query, clock.now());
    const rows = await listClicks(app.repos, { partnerId: request.partnerId, ...period, ...keyset(request.query) });
    const data = rows.map((row) => ({ ...clickItem(row, view, request.partnerId), date: iso(row.time) }));
    const totals = { clicks: (await app.repos.partnerFigures.totals(request.partnerId, period.from, period.to)).clicks, ...period };
    return answer(request, reply, CLICK_COLUMNS, ordered(data, request.query, true), totals, nextCursor(rows, request.query));
  });

  app.get('/reports/exchanges/', {
    config: { csv: true },
    schema: schema('Exchanges', 'The partner\'s exchanges, newest first; or per day/week/month with `group_by`.'),
  }, async (request, reply) => {
    if (request.query.group_by) return grouped(request, reply);
    const period = periodOf(request.query, clock.now());
    const rows = await listExchanges(app.repos, { partnerId: request.partnerId, ...period, ...keyset(request.query) });
    const data = rows.map((row) => ({
      id: row.id, time: row.time, date: iso(row.time), status: row.status, currency_code_give: row.curGive, currency_code_get: row.curGet,
      amount_give: row.amountGive, amount_get: row.amountGet, course_give: row.courseGive, course_get: row.courseGet, reward: money(row.reward),
      user_hash: row.userHash === null ? '' : app.visitors.pseudonym(request.partnerId, row.userHash),
      // As in the click rows and api.php get_exchanges: the click's sub1..sub5, only those set.
      ...subIdFields(row),
    }));
    const f = await app.repos.partnerFigures.totals(request.partnerId, period.from, period.to);
    return answer(request, reply, EXCHANGE_COLUMNS, ordered(data, request.query, true),
      { exchanges: f.exchanges, successful: f.successful, earned: money(f.earned), ...period }, nextCursor(rows, request.query));
  });

  app.get('/reports/payouts/', {
    config: { csv: true },
    schema: schema('Payouts', 'The partner\'s payout requests by request time, newest first.'),
  }, async (request, reply) => {
    const period = periodOf(request.query, clock.now());
    const [rows, totals] = await Promise.all([
      listPayouts(app.repos, { partnerId: request.partnerId, ...period, ...keyset(request.query) }),
      app.repos.payouts.totals({ partnerId: request.partnerId, ...period }),
    ]);
    const data = rows.map((row) => ({
      id: row.id, time: row.createdAt, date: iso(row.createdAt), method_id: row.methodId, account: row.account, amount: money(row.amount),
      status: row.status, paid_at: iso(row.paidAt), canceled_at: iso(row.canceledAt),
    }));
    // Like the other reports' totals: the whole period, not the page.
    return answer(request, reply, PAYOUT_COLUMNS, ordered(data, request.query, true), { count: totals.count, amount: money(totals.amount), ...period },
      nextCursor(rows.map((row) => ({ time: row.createdAt, id: row.id })), request.query));
  });

  app.get('/reports/rewards/', {
    config: { csv: true },
    schema: schema('Ledger entries', 'Rewards, reversals, adjustments and payouts as the ledger recorded them, newest first; '
      + '`limit`/`offset` page through every entry of the period, and the totals count and sum all of them.'),
  }, async (request, reply) => {
    const period = periodOf(request.query, clock.now());
    const [rows, totals] = await Promise.all([
      app.repos.ledger.listInRange(request.partnerId, { ...period, ...page(request.query) }),
      app.repos.ledger.rangeTotals(request.partnerId, period.from, period.to),
    ]);
    const data = rows.map((e) => ({
      id: e.id, time: e.createdAt, date: iso(e.createdAt), kind: e.kind, amount: money(e.amount), exchange_id: e.exchangeId, payout_id: e.payoutId, reason: e.reason,
    }));
    return answer(request, reply, REWARD_COLUMNS, ordered(data, request.query, true), { count: totals.count, amount: money(totals.amount), ...period });
  });
}
