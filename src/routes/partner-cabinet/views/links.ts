// Promotion links in the cabinet: the table of links with their numbers (Partnership program)
// and a link's own page with its numbers per day (a chart and the same numbers as a table).
import type { ChosenPeriod } from '../../../services/cabinet/period.js';
import type { LinkNumbersView } from '../../../services/promotion-links/numbers.js';
import type { promotionLinkView } from '../../../services/promotion-links/view.js';
import type { DayFigures } from '../../../services/reports/summary.js';
import { Html, html } from '../html.js';
import { copyable, layout, type PageContext } from './layout.js';
import { dailyFigures } from './daily.js';
import { periodChooser } from './period-form.js';

export type LinkView = ReturnType<typeof promotionLinkView>;
export interface LinkWithNumbers { link: LinkView; numbers: LinkNumbersView }

export function targetText(ctx: PageContext, link: LinkView): string {
  const { t } = ctx.tr;
  if (link.type === 'agent') return t('type_agent_short');
  switch (link.target.kind) {
    case 'direction': return t('target_direction_view', { from: link.target.cur_from ?? '', to: link.target.cur_to ?? '' });
    case 'path': return link.target.path ?? '';
    default: return t('target_home');
  }
}

/** A link's name as shown: its name, else its code. */
export const shownName = (link: LinkView) => link.name ?? link.code;

/** The name, then the numbers the table is for (in sight on a desktop), then the settings and the address. */
export function linksTable(ctx: PageContext, id: string, caption: string, rows: LinkWithNumbers[], currency: string): Html {
  const { t, count, money, percent } = ctx.tr;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${id}-caption"><table id="${id}" class="links">
<caption id="${id}-caption">${caption}</caption>
<thead><tr><th scope="col">${t('link_name')}</th>
<th scope="col" class="num">${t('clicks')}</th><th scope="col" class="num">${t('exchanges')}</th><th scope="col" class="num">${t('earned')}, ${currency}</th><th scope="col" class="num">${t('conversion')}</th>
<th scope="col">${t('link_code')}</th><th scope="col">${t('link_type')}</th><th scope="col">${t('link_target')}</th><th scope="col">${t('link_visibility')}</th><th scope="col">${t('link_url')}</th><th scope="col">${t('actions')}</th></tr></thead>
<tbody>${rows.map(({ link, numbers }) => html`<tr id="link-row-${link.code}">
<th scope="row" class="wrap"><a href="/partner/links/${link.code}">${shownName(link)}</a>${link.disabled ? html` (${t('link_disabled')})` : ''}</th>
<td class="num">${count(numbers.clicks)}</td><td class="num">${count(numbers.exchanges)}</td><td class="num">${money(numbers.earnings)}</td><td class="num">${percent(numbers.conversion)}</td>
<td><code>${link.code}</code></td><td>${t(link.type === 'agent' ? 'type_agent_short' : 'type_client_short')}</td><td class="wrap">${targetText(ctx, link)}</td><td>${t(`visibility_${link.visibility}`)}</td>
<td class="url">${copyable(ctx, `url-${link.code}`, link.url, `${t('link_url')}: ${shownName(link)}`)}</td>
<td><a href="/partner/links/${link.code}/edit" aria-label="${t('edit')}: ${shownName(link)}">${t('edit')}</a></td></tr>`)}</tbody>
</table></div>`;
}

export function linkPage(ctx: PageContext, opts: {
  link: LinkView; days: DayFigures[]; totals: LinkNumbersView; period: ChosenPeriod; periodError: boolean; custom: { from?: string; to?: string }; currency: string;
}): Html {
  const { t, count, money, percent } = ctx.tr;
  const { link, days, totals, period } = opts;
  const base = `/partner/links/${link.code}`;
  const kpi = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return layout(ctx, t('link_page_title', { name: shownName(link) }), html`
<dl class="kpis">
${kpi(t('link_code'), link.code)}
${kpi(t('link_type'), t(link.type === 'agent' ? 'type_agent_short' : 'type_client_short'))}
${kpi(t('link_target'), targetText(ctx, link))}
${kpi(t('link_visibility'), t(`visibility_${link.visibility}`))}
</dl>
${copyable(ctx, 'link-url', link.url, t('link_url'))}
<p><a href="${base}/edit">${t('edit')}</a> · <a href="/partner/program">${t('back_to_program')}</a></p>
<h2>${t('in_period')}</h2>
${periodChooser(ctx.tr, base, period, opts.periodError, opts.custom)}
<dl class="kpis" id="link-figures">
${kpi(t('clicks'), count(totals.clicks))}
${kpi(t('exchanges'), count(totals.exchanges))}
${kpi(t('successful'), count(totals.successful))}
${kpi(t('conversion'), percent(totals.conversion))}
${kpi(t('earned'), `${money(totals.earnings)} ${opts.currency}`)}
</dl>
${dailyFigures(ctx, {
  days, heading: html`<h2>${t('chart_title', { zone: 'UTC' })}</h2>`, currency: opts.currency, caption: t('table_caption', { zone: 'UTC' }),
  chartTitle: t('chart_label', { from: days[0]?.day ?? period.fromDay, to: days.at(-1)?.day ?? period.toDay }),
  ids: { figure: 'link-chart', table: 'link-days', caption: 'link-days-caption' },
})}`);
}
