// Payouts: the request form (the same service as add_payout), pending ones to cancel, history.
import type { PayoutMethodRow } from '../../../db/repos.js';
import type { Payout } from '../../../services/ledger/payouts.js';
import type { MessageKey } from '../../../messages/index.js';
import { html, type Html } from '../html.js';
import type { FieldErrors } from './auth.js';
import { csrfField, field, layout, type PageContext } from './layout.js';

export function payoutsPage(ctx: PageContext, opts: {
  methods: PayoutMethodRow[]; payouts: Payout[]; methodTitles: Map<number, string>; balance: string; minPayout: string; currency: string;
  form?: { method_id?: string; amount?: string; account?: string }; errors?: FieldErrors;
}): Html {
  const { t, money, dateTime } = ctx.tr;
  const form = opts.form ?? {};
  const errors = opts.errors ?? {};
  const methodError = errors.method_id;
  return layout(ctx, t('payouts_title'), html`
<dl class="kpis"><div><dt>${t('balance')}</dt><dd>${money(opts.balance)} ${opts.currency}</dd></div></dl>
<h2>${t('request_payout')}</h2>
${opts.methods.length === 0 ? html`<p>${t('no_methods')}</p>` : html`<form method="post" action="/partner/payouts" class="card narrow" novalidate>
${csrfField(ctx.csrf)}
<div class="field${methodError ? ' invalid' : ''}"><label for="f-method_id">${t('method')}</label>
${methodError ? html`<p class="error" id="f-method_id-error">${methodError}</p>` : ''}
<select id="f-method_id" name="method_id"${methodError ? html` aria-invalid="true" aria-describedby="f-method_id-error"` : ''}>${opts.methods.map((m) => html`<option value="${m.id}"${String(m.id) === form.method_id ? html` selected` : ''}>${m.title} (${m.currency})</option>`)}</select></div>
${field({ name: 'amount', label: `${t('amount')}, ${opts.currency}`, value: form.amount, error: errors.amount, hint: t('amount_hint', { min: `${money(opts.minPayout)} ${opts.currency}` }), inputmode: 'decimal' })}
${field({ name: 'account', label: t('account'), value: form.account, error: errors.account, required: true })}
<button type="submit">${t('request_button')}</button>
</form>`}
<h2>${t('history')}</h2>
${opts.payouts.length === 0 ? html`<p>${t('no_payouts')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="payouts-caption"><table>
<caption id="payouts-caption" class="visually-hidden">${t('history')}</caption>
<thead><tr><th scope="col">ID</th><th scope="col">${t('time')}</th><th scope="col">${t('method')}</th><th scope="col">${t('account')}</th><th scope="col" class="num">${t('amount')}, ${opts.currency}</th><th scope="col">${t('status')}</th><th scope="col">${t('actions')}</th></tr></thead>
<tbody>${opts.payouts.map((p) => html`<tr id="payout-${p.id}"><td>${p.id}</td><td>${dateTime(p.createdAt)}</td><td>${opts.methodTitles.get(p.methodId) ?? p.methodId}</td><td class="wrap">${p.account}</td><td class="num">${money(p.amount.toFixed())}</td><td>${t(`status_${p.status}` as MessageKey)}</td>
<td>${p.status === 0 ? html`<form method="post" action="/partner/payouts/${p.id}/cancel" data-confirm="${t('confirm_cancel_payout', { id: p.id })}">${csrfField(ctx.csrf)}<button type="submit" class="secondary" aria-label="${t('cancel')} ${p.id}">${t('cancel')}</button></form>` : ''}</td></tr>`)}</tbody>
</table></div>`}`);
}
