// The dashboard: money, the period's activity, a chart per day and the same numbers as a table.
import type { ChosenPeriod } from '../../../services/cabinet/period.js';
import { periodQuery } from '../../../services/cabinet/period.js';
import type { DayFigures, PartnerSummary } from '../../../services/reports/summary.js';
import { html, type Html } from '../html.js';
import { dailyFigures } from './daily.js';
import { layout, type PageContext } from './layout.js';
import { periodChooser } from './period-form.js';

export function dashboardPage(ctx: PageContext, opts: {
  summary: PartnerSummary; days: DayFigures[]; period: ChosenPeriod | null; periodError: boolean; custom: { from?: string; to?: string }; currency: string;
  /** RATELINK_TZ: whose calendar days the chart and the table count. */
  timeZone: string;
}): Html {
  const { t, money, count, percent } = ctx.tr;
  const { summary, days, period } = opts;
  const amount = (value: string) => `${money(value)} ${opts.currency}`;
  const kpi = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return layout(ctx, t('dashboard_title'), html`
<dl class="kpis" aria-label="${t('all_time')}">
${kpi(t('balance'), amount(summary.balance))}
${kpi(t('earned'), amount(summary.earned))}
${kpi(t('paid'), amount(summary.paid))}
${kpi(t('pending_payouts'), amount(summary.pending_payouts))}
${kpi(t('reward_percent'), percent(summary.reward_percent))}
</dl>
<h2>${t('in_period')}</h2>
${periodChooser(ctx.tr, '/partner/dashboard', period, opts.periodError, opts.custom)}
<dl class="kpis" id="period-figures">
${kpi(t('clicks'), count(summary.period.clicks))}
${kpi(t('exchanges'), count(summary.period.exchanges))}
${kpi(t('successful'), count(summary.period.successful))}
${kpi(t('conversion'), percent(summary.period.conversion))}
${kpi(t('earned'), amount(summary.period.earned))}
</dl>
${dailyFigures(ctx, {
  days, heading: html`<h2 id="chart-title">${t('chart_title', { zone: opts.timeZone })}</h2>`, currency: opts.currency, caption: t('table_caption', { zone: opts.timeZone }),
  chartTitle: t('chart_label', { from: period?.fromDay ?? '', to: period?.toDay ?? '' }),
  ids: { figure: 'daily-chart', table: 'daily-table', caption: 'daily-caption' },
  csvHref: `/partner/dashboard.csv?${period ? periodQuery(period) : ''}`,
})}`);
}
