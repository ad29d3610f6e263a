// Clicks, exchanges and earnings per day as a chart and as the same numbers in a table (every
// chart of the cabinet has its table): the dashboard and a promotion link's page.
import { dailyChartSvg } from './chart.js';
import type { DayFigures } from '../../../services/reports/summary.js';
import { Html, html } from '../html.js';
import type { PageContext } from './layout.js';

export interface DailyFiguresOpts {
  days: DayFigures[];
  heading: Html;
  chartTitle: string;
  currency: string;
  ids: { figure: string; table: string; caption: string };
  caption: string;
  /** The CSV of the same numbers, linked under the chart. */
  csvHref?: string;
}

export function dailyFigures(ctx: PageContext, opts: DailyFiguresOpts): Html {
  const { t, count, money, percent } = ctx.tr;
  const chart = dailyChartSvg(opts.days, {
    title: opts.chartTitle, clicks: t('clicks'), exchanges: t('exchanges'), earned: `${t('earned')}, ${opts.currency}`, count, money,
  });
  const csv = opts.csvHref ? html`<figcaption><a href="${opts.csvHref}" download>${t('download_csv')}</a></figcaption>` : '';
  return html`${opts.heading}
<ul class="legend" aria-hidden="true"><li><span class="sw clicks"></span>${t('clicks')}</li><li><span class="sw exchanges"></span>${t('exchanges')}</li><li><span class="sw earned"></span>${t('earned')}</li></ul>
<figure class="chart" id="${opts.ids.figure}">${new Html(chart)}${csv}</figure>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${opts.ids.caption}">
<table id="${opts.ids.table}">
<caption id="${opts.ids.caption}">${opts.caption}</caption>
<thead><tr><th scope="col">${t('day')}</th><th scope="col" class="num">${t('clicks')}</th><th scope="col" class="num">${t('exchanges')}</th><th scope="col" class="num">${t('successful')}</th><th scope="col" class="num">${t('conversion')}</th><th scope="col" class="num">${t('earned')}, ${opts.currency}</th></tr></thead>
<tbody>
${opts.days.map((d) => html`<tr><th scope="row">${d.day}</th><td class="num">${count(d.clicks)}</td><td class="num">${count(d.exchanges)}</td><td class="num">${count(d.successful)}</td><td class="num">${percent(d.conversion)}</td><td class="num">${money(d.earned)}</td></tr>`)}
</tbody>
</table>
</div>`;
}
