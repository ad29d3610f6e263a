// Exchanges and clicks: the same rows and masking as get_exchanges and get_links, a period,
// keyset pages (newest first) and a CSV of the whole period.
import type { ChosenPeriod } from '../../../services/cabinet/period.js';
import { periodQuery } from '../../../services/cabinet/period.js';
import type { SubIdField } from '../../../db/repos.js';
import { SUB_ID_FIELDS, type clickItem } from '../../../services/partner-api/reports.js';
import type { cabinetExchangeItem } from '../../../services/cabinet/exchange-item.js';
import { UNKNOWN_BROWSER } from '../../../services/referral/user-agent.js';
import { html, type Html } from '../html.js';
import { layout, type PageContext } from './layout.js';
import { periodChooser } from './period-form.js';

export type ExchangeItem = ReturnType<typeof cabinetExchangeItem>;
export type ClickItem = ReturnType<typeof clickItem>;

interface ReportOpts<T> {
  period: ChosenPeriod | null; periodError: boolean; custom: { from?: string; to?: string };
  items: T[]; next?: string; paged: boolean; currency: string;
}

/** The sub-ids the visitor's link carried (sub1 first), one cell. */
const subIds = (item: Partial<Record<SubIdField, string>>) => SUB_ID_FIELDS.flatMap((name) => item[name] ?? []).join(' · ');

function pager(ctx: PageContext, base: string, opts: ReportOpts<unknown>): Html {
  const q = opts.period ? periodQuery(opts.period) : '';
  const { t } = ctx.tr;
  if (!opts.paged && !opts.next) return html``;
  return html`<nav class="pager" aria-label="${t('pages_label')}">
${opts.paged ? html`<a href="${base}?${q}">${t('newest')}</a>` : ''}
${opts.next ? html`<a href="${base}?${q}&amp;before=${opts.next}" rel="next">${t('older')}</a>` : ''}
</nav>`;
}

function frame(ctx: PageContext, base: string, title: string, opts: ReportOpts<unknown>, table: Html): Html {
  const { t } = ctx.tr;
  const q = opts.period ? periodQuery(opts.period) : '';
  return layout(ctx, title, html`
${periodChooser(ctx.tr, base, opts.period, opts.periodError, opts.custom)}
<p><a href="${base}.csv?${q}" download>${t('download_csv')}</a></p>
${opts.items.length === 0 ? html`<p>${t('no_rows')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="report-caption">${table}</div>`}
${pager(ctx, base, opts)}`);
}

export function exchangesPage(ctx: PageContext, opts: ReportOpts<ExchangeItem>): Html {
  const { t, money, dateTime } = ctx.tr;
  return frame(ctx, '/partner/exchanges', t('exchanges_title'), opts, html`<table>
<caption id="report-caption" class="visually-hidden">${t('exchanges_title')}</caption>
<thead><tr><th scope="col">ID</th><th scope="col">${t('time')}</th><th scope="col">${t('direction')}</th><th scope="col" class="num">${t('amount_give')}</th><th scope="col" class="num">${t('amount_get')}</th><th scope="col">${t('status')}</th><th scope="col" class="num">${t('reward')}, ${opts.currency}</th><th scope="col">${t('accrued')}</th><th scope="col">${t('visitor')}</th><th scope="col">${t('sub_ids')}</th></tr></thead>
<tbody>${opts.items.map((e) => html`<tr><td>${e.id}</td><td>${dateTime(e.time)}</td><td>${e.currency_code_give} → ${e.currency_code_get}</td><td class="num">${money(e.amount_give)}</td><td class="num">${money(e.amount_get)}</td><td>${e.exchange_success ? t('exchange_success') : t('exchange_other')}</td><td class="num">${money(e.partner_reward)}</td><td>${e.accrued ? t('yes') : t('no')}</td><td><code>${e.user_hash}</code></td><td class="wrap">${subIds(e)}</td></tr>`)}</tbody>
</table>`);
}

export function clicksPage(ctx: PageContext, opts: ReportOpts<ClickItem>): Html {
  const { t, dateTime } = ctx.tr;
  return frame(ctx, '/partner/clicks', t('clicks_title'), opts, html`<table>
<caption id="report-caption" class="visually-hidden">${t('clicks_title')}</caption>
<thead><tr><th scope="col">${t('time')}</th><th scope="col">${t('browser')}</th><th scope="col">${t('ip')}</th><th scope="col">${t('referrer')}</th><th scope="col">${t('query_string')}</th><th scope="col">${t('visitor')}</th><th scope="col">${t('sub_ids')}</th></tr></thead>
<tbody>${opts.items.map((c) => html`<tr><td>${dateTime(c.time)}</td><td>${c.browser === UNKNOWN_BROWSER ? t('browser_unknown') : c.browser}</td><td>${c.ip}</td><td class="wrap">${c.referrer}</td><td class="wrap">${c.query_string}</td><td><code>${c.user_hash}</code></td><td class="wrap">${subIds(c)}</td></tr>`)}</tbody>
</table>`);
}
