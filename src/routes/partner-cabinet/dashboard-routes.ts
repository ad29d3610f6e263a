// GET /partner/dashboard and its CSV: the summary service (issue-15's, pre-aggregated) for the
// chosen period, and every local day of it.
import type { FastifyInstance } from 'fastify';
import { toCsv } from '../../services/cabinet/csv.js';
import { choosePeriod, type PeriodQuery } from '../../services/cabinet/period.js';
import { dailyFigures, partnerSummary } from '../../services/reports/summary.js';
import { pageContext, partnerIdOf, sendPage } from './context.js';
import { dashboardPage } from './views/dashboard.js';

const unixNow = () => Math.floor(Date.now() / 1000);

export default async function dashboardRoutes(app: FastifyInstance) {
  const { repos, config } = app;

  app.get<{ Querystring: PeriodQuery }>('/dashboard', async (request, reply) => {
    const now = unixNow();
    const chosen = choosePeriod(request.query, now, config.timeZone);
    const period = chosen ?? choosePeriod({}, now, config.timeZone)!;
    const partnerId = partnerIdOf(request);
    const [summary, days] = await Promise.all([
      partnerSummary(repos, partnerId, period, now),
      dailyFigures(repos, partnerId, period, config.timeZone),
    ]);
    const page = dashboardPage(pageContext(request, reply), {
      summary, days, period, periodError: chosen === null, custom: { from: request.query.from, to: request.query.to }, currency: config.rewardCurrency, timeZone: config.timeZone,
    });
    return sendPage(reply, page, chosen === null ? 400 : 200);
  });

  app.get<{ Querystring: PeriodQuery }>('/dashboard.csv', async (request, reply) => {
    const period = choosePeriod(request.query, unixNow(), config.timeZone);
    if (!period) return reply.code(400).type('text/plain; charset=utf-8').send(request.cabinet.tr.t('period_invalid'));
    const days = await dailyFigures(repos, partnerIdOf(request), period, config.timeZone);
    const csv = toCsv(['day', 'clicks', 'exchanges', 'successful', 'conversion_percent', `earned_${config.rewardCurrency}`],
      days.map((d) => [d.day, d.clicks, d.exchanges, d.successful, d.conversion, d.earned]));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="daily-${period.fromDay}-${period.toDay}.csv"`).send(csv);
  });
}
