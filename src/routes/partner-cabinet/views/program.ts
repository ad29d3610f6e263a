// Partnership program: the partnership link with a copy button, the partner's promotion links
// with their numbers for a period, and the link builder (…/ref/CODE/?cur_from=X&cur_to=Y,
// docs: seed 004 "your partnership link").
import type { LinkRow } from '../../../db/repos.js';
import type { ChosenPeriod } from '../../../services/cabinet/period.js';
import { html, type Html } from '../html.js';
import { copyable, layout, type PageContext } from './layout.js';
import { linksTable, type LinkWithNumbers } from './links.js';
import { periodChooser } from './period-form.js';

export function programPage(ctx: PageContext, opts: {
  /** The links that bring clients now (the builder's choice), and the one shown as the partnership link. */
  links: Array<{ row: LinkRow; url: string }>;
  primary?: { row: LinkRow; url: string };
  /** Every link with its numbers for the period, oldest first. */
  table: LinkWithNumbers[];
  period: ChosenPeriod; periodError: boolean; custom: { from?: string; to?: string }; currency: string;
  currencies: { from: string[]; to: string[] };
  builder: { link?: string; from?: string; to?: string; url?: string; error?: boolean };
}): Html {
  const { t } = ctx.tr;
  const { primary } = opts;
  const listed = opts.table.filter((r) => r.link.visibility === 'listed');
  const unlisted = opts.table.filter((r) => r.link.visibility !== 'listed');
  const b = opts.builder;
  const select = (name: 'cur_from' | 'cur_to', options: string[], chosen?: string) => html`<div class="field${b.error ? ' invalid' : ''}">
<label for="b-${name}">${t(name)}</label>
<select id="b-${name}" name="${name}"${b.error ? html` aria-invalid="true" aria-describedby="b-error"` : ''}>${options.map((code) => html`<option value="${code}"${code === chosen ? html` selected` : ''}>${code}</option>`)}</select>
</div>`;
  return layout(ctx, t('program_title'), html`
<p>${t('program_intro')}</p>
${primary ? html`<section class="card" aria-labelledby="main-link"><h2 id="main-link">${t('your_partnership_link')}</h2>${copyable(ctx, 'link-main', primary.url, t('your_partnership_link'))}</section>` : html`<p>${t('no_links')}</p>`}
<section aria-labelledby="links-title">
<h2 id="links-title">${t('links_numbers_title')}</h2>
<p><a class="button" href="/partner/links/new">${t('new_link')}</a></p>
${periodChooser(ctx.tr, '/partner/program', opts.period, opts.periodError, opts.custom)}
${listed.length > 0 ? linksTable(ctx, 'links-listed', t('links_caption'), listed, opts.currency) : ''}
${unlisted.length > 0 ? linksTable(ctx, 'links-unlisted', t('hidden_links_caption'), unlisted, opts.currency) : ''}
</section>
<section aria-labelledby="builder-title">
<h2 id="builder-title">${t('builder_title')}</h2>
${opts.currencies.from.length === 0 || !primary ? html`<p>${primary ? t('no_directions') : t('no_links')}</p>` : html`
<p>${t('builder_text')}</p>
<form method="get" action="/partner/program#builder-title" class="card">
${opts.links.length > 1 ? html`<div class="field"><label for="b-link">${t('builder_link')}</label><select id="b-link" name="link">${opts.links.map(({ row }) => html`<option value="${row.code}"${row.code === (b.link ?? primary?.row.code) ? html` selected` : ''}>${row.name ?? row.code}</option>`)}</select></div>` : ''}
${select('cur_from', opts.currencies.from, b.from)}
${select('cur_to', opts.currencies.to, b.to)}
${b.error ? html`<p class="error" id="b-error" role="alert">${t('direction_invalid')}</p>` : ''}
<button type="submit">${t('build_button')}</button>
</form>
${b.url ? html`<h3>${t('built_link')}</h3>${copyable(ctx, 'link-built', b.url, t('built_link'))}` : ''}`}
</section>`);
}
