// API: "Create API Access" (seed 004), the new key shown once, the partner's keys by prefix.
import { html, type Html } from '../html.js';
import { copyable, csrfField, layout, type PageContext } from './layout.js';

export interface KeyLine { prefix: string; created_at: number; revoked_at: number | null; last_used_at: number | null }

export function apiPage(ctx: PageContext, opts: { keys: KeyLine[]; newKey?: string; apiUrl: string }): Html {
  const { t, dateTime } = ctx.tr;
  return layout(ctx, t('api_title'), html`
<p>${t('api_intro', { url: opts.apiUrl })}</p>
<form method="post" action="/partner/api/keys">${csrfField(ctx.csrf)}<button type="submit">${t('create_api_access')}</button></form>
${opts.newKey ? html`<section class="card" aria-labelledby="new-key"><h2 id="new-key">${t('new_key_title')}</h2>
<p class="notice error" role="alert">${t('new_key_warning')}</p>
${copyable(ctx, 'new-api-key', opts.newKey, t('new_key_title'))}</section>` : ''}
<h2>${t('keys_title')}</h2>
${opts.keys.length === 0 ? html`<p>${t('no_keys')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="keys-caption"><table>
<caption id="keys-caption" class="visually-hidden">${t('keys_title')}</caption>
<thead><tr><th scope="col">${t('key_prefix')}</th><th scope="col">${t('created')}</th><th scope="col">${t('last_used')}</th><th scope="col">${t('status')}</th><th scope="col">${t('actions')}</th></tr></thead>
<tbody>${opts.keys.map((k) => html`<tr><th scope="row"><code>${k.prefix}…</code></th><td>${dateTime(k.created_at)}</td><td>${k.last_used_at === null ? t('never') : dateTime(k.last_used_at)}</td>
<td>${k.revoked_at === null ? t('active') : `${t('revoked')} ${dateTime(k.revoked_at)}`}</td>
<td>${k.revoked_at === null ? html`<form method="post" action="/partner/api/keys/${k.prefix}/revoke" data-confirm="${t('confirm_revoke_key', { id: k.prefix })}">${csrfField(ctx.csrf)}<button type="submit" class="secondary" aria-label="${t('revoke')} ${k.prefix}">${t('revoke')}</button></form>` : ''}</td></tr>`)}</tbody>
</table></div>`}`);
}
