// The dashboard: money, the period's activity, a chart per day and the same numbers as a table.
import type { ChosenPeriod } from '../../../services/cabinet/period.js';
import { periodQuery } from '../../../services/cabinet/period.js';
import { dailyChartSvg } from '../../../services/cabinet/chart.js';
import type { DayFigures, PartnerSummary } from '../../../services/reports/summary.js';
import { Html, html } from '../html.js';
import { layout, type PageContext } from './layout.js';
import { periodChooser } from './period-form.js';

export function dashboardPage(ctx: PageContext, opts: {
  summary: PartnerSummary; days: DayFigures[]; period: ChosenPeriod | null; periodError: boolean; custom: { from?: string; to?: string }; currency: string;
}): Html {
  const { t, money, count } = ctx.tr;
  const { summary, days, period } = opts;
  const amount = (value: string) => `${money(value)} ${opts.currency}`;
  const kpi = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  const chart = dailyChartSvg(days, {
    title: t('chart_label', { from: period?.fromDay ?? '', to: period?.toDay ?? '' }),
    clicks: t('clicks'), exchanges: t('exchanges'), earned: `${t('earned')}, ${opts.currency}`, count, money,
  });
  return layout(ctx, t('dashboard_title'), html`
<dl class="kpis" aria-label="${t('all_time')}">
${kpi(t('balance'), amount(summary.balance))}
${kpi(t('earned'), amount(summary.earned))}
${kpi(t('paid'), amount(summary.paid))}
${kpi(t('pending_payouts'), amount(summary.pending_payouts))}
${kpi(t('reward_percent'), `${money(summary.reward_percent)} %`)}
</dl>
<h2>${t('in_period')}</h2>
${periodChooser(ctx.tr, '/partner/dashboard', period, opts.periodError, opts.custom)}
<dl class="kpis" id="period-figures">
${kpi(t('clicks'), count(summary.period.clicks))}
${kpi(t('exchanges'), count(summary.period.exchanges))}
${kpi(t('successful'), count(summary.period.successful))}
${kpi(t('conversion'), `${money(summary.period.conversion)} %`)}
${kpi(t('earned'), amount(summary.period.earned))}
</dl>
<h2 id="chart-title">${t('chart_title')}</h2>
<ul class="legend" aria-hidden="true"><li><span class="sw clicks"></span>${t('clicks')}</li><li><span class="sw exchanges"></span>${t('exchanges')}</li><li><span class="sw earned"></span>${t('earned')}</li></ul>
<figure class="chart" id="daily-chart">${new Html(chart)}<figcaption><a href="/partner/dashboard.csv?${period ? periodQuery(period) : ''}" download>${t('download_csv')}</a></figcaption></figure>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="daily-caption">
<table id="daily-table">
<caption id="daily-caption">${t('table_caption')}</caption>
<thead><tr><th scope="col">${t('day')}</th><th scope="col" class="num">${t('clicks')}</th><th scope="col" class="num">${t('exchanges')}</th><th scope="col" class="num">${t('successful')}</th><th scope="col" class="num">${t('conversion')}</th><th scope="col" class="num">${t('earned')}</th></tr></thead>
<tbody>
${days.map((d) => html`<tr><th scope="row">${d.day}</th><td class="num">${count(d.clicks)}</td><td class="num">${count(d.exchanges)}</td><td class="num">${count(d.successful)}</td><td class="num">${money(d.conversion)} %</td><td class="num">${money(d.earned)}</td></tr>`)}
</tbody>
</table>
</div>`);
}
