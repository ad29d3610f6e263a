// GET /partner/exchanges, /partner/clicks and their CSVs: the report services with the
// serializers of get_exchanges/get_links (the same rows, the same masking of IPs and visitors;
// the exchanges' figures as exact text: services/cabinet/exchange-item.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReportQuery } from '../../services/reports/reports.js';
import { toCsv, type Cell } from '../../services/cabinet/csv.js';
import { choosePeriod, type ChosenPeriod, type PeriodQuery } from '../../services/cabinet/period.js';
import type { SubIdField } from '../../db/repos.js';
import { clickItem, SUB_ID_FIELDS } from '../../services/partner-api/reports.js';
import { cabinetExchangeItem } from '../../services/cabinet/exchange-item.js';
import { cursorAfter, listClicks, listExchanges, parseCursor } from '../../services/reports/reports.js';
import { pageContext, partnerIdOf, sendPage } from './context.js';
import { clicksPage, exchangesPage } from './views/reports.js';

export const PAGE_SIZE = 50;
/** A CSV covers the period up to this many rows (newest first), read a page at a time. */
export const CSV_MAX_ROWS = 100_000;
const CSV_PAGE = 1000;

type Query = PeriodQuery & { before?: string };

/** The sub-ids as CSV columns of their own (empty when the click carried none). */
const subIdCells = (item: Partial<Record<SubIdField, string>>): Cell[] => SUB_ID_FIELDS.map((name) => item[name] ?? null);

export default async function reportRoutes(app: FastifyInstance) {
  const { repos, config, visitors } = app;
  const view = { timeZone: config.timeZone, partnerFullIp: config.partnerFullIp, visitors };
  const unixNow = () => Math.floor(Date.now() / 1000);

  function report<Row extends { id: number; time: number }, Item>(opts: {
    list: (query: ReportQuery) => Promise<Row[]>;
    item: (row: Row, partnerId: number) => Item;
    page: typeof exchangesPage | typeof clicksPage;
    csv: { name: string; header: string[]; cells: (item: Item) => Cell[] };
  }) {
    const periodOf = (request: FastifyRequest<{ Querystring: Query }>) => choosePeriod(request.query, unixNow(), config.timeZone);
    const html = async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
      const chosen = periodOf(request);
      const period: ChosenPeriod = chosen ?? choosePeriod({}, unixNow(), config.timeZone)!;
      const partnerId = partnerIdOf(request);
      const before = parseCursor(request.query.before);
      const rows = await opts.list({ partnerId, from: period.from, to: period.to, limit: PAGE_SIZE, offset: 0, before });
      const last = rows.at(-1);
      const next = rows.length === PAGE_SIZE && last ? cursorAfter(last) : undefined;
      const page = opts.page(pageContext(request, reply), {
        period, periodError: chosen === null, custom: { from: request.query.from, to: request.query.to },
        items: rows.map((row) => opts.item(row, partnerId)) as never[], next, paged: before !== undefined, currency: config.rewardCurrency,
      });
      return sendPage(reply, page, chosen === null ? 400 : 200);
    };
    const csv = async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
      const period = periodOf(request);
      if (!period) return reply.code(400).type('text/plain; charset=utf-8').send(request.cabinet.tr.t('period_invalid'));
      const partnerId = partnerIdOf(request);
      const lines: Cell[][] = [];
      let before: ReportQuery['before'];
      while (lines.length < CSV_MAX_ROWS) {
        const rows = await opts.list({ partnerId, from: period.from, to: period.to, limit: CSV_PAGE, offset: 0, before });
        for (const row of rows) lines.push(opts.csv.cells(opts.item(row, partnerId)));
        const last = rows.at(-1);
        if (rows.length < CSV_PAGE || !last) break;
        before = { time: last.time, id: last.id };
      }
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${opts.csv.name}-${period.fromDay}-${period.toDay}.csv"`)
        .send(toCsv(opts.csv.header, lines));
    };
    return { html, csv };
  }

  const exchanges = report({
    list: (query) => listExchanges(repos, query),
    item: (row, partnerId) => cabinetExchangeItem(row, view, partnerId),
    page: exchangesPage,
    csv: {
      name: 'exchanges',
      header: ['id', 'time', 'date', 'currency_code_give', 'currency_code_get', 'course_give', 'course_get', 'amount_give', 'amount_get', 'exchange_success', 'accrued', 'partner_reward', 'user_hash', ...SUB_ID_FIELDS],
      cells: (e) => [e.id, e.time, e.date, e.currency_code_give, e.currency_code_get, e.course_give, e.course_get, e.amount_give, e.amount_get, e.exchange_success, e.accrued, e.partner_reward, e.user_hash, ...subIdCells(e)],
    },
  });
  const clicks = report({
    list: (query) => listClicks(repos, query),
    item: (row, partnerId) => clickItem(row, view, partnerId),
    page: clicksPage,
    csv: {
      name: 'clicks',
      header: ['id', 'time', 'date', 'browser', 'ip', 'referrer', 'user_hash', 'query_string', ...SUB_ID_FIELDS],
      cells: (c) => [c.id, c.time, c.date, c.browser, c.ip, c.referrer, c.user_hash, c.query_string, ...subIdCells(c)],
    },
  });

  app.get<{ Querystring: Query }>('/exchanges', exchanges.html);
  app.get<{ Querystring: Query }>('/exchanges.csv', exchanges.csv);
  app.get<{ Querystring: Query }>('/clicks', clicks.html);
  app.get<{ Querystring: Query }>('/clicks.csv', clicks.csv);
}
