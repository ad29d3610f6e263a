// Webhooks & postbacks: the partner's endpoints with their state (active, failing, disabled and
// why), forms to add one, buttons to pause, enable and delete; a new secret shown once.
import type { MessageKey, Translator } from '../../../messages/index.js';
import type { endpointView } from '../../../services/events/endpoints.js';
import { html, type Html } from '../html.js';
import type { FieldErrors } from './auth.js';
import { csrfField, field, layout, type PageContext } from './layout.js';

export type EndpointItem = ReturnType<typeof endpointView> & { lastError: string | null };
export type EndpointForm = { kind: 'webhook' | 'postback'; url: string; events: string[] };

const WEBHOOK_EVENTS = ['exchange.created', 'exchange.updated', 'reward.accrued', 'reward.reversed', 'payout.requested', 'payout.paid', 'payout.canceled', 'click.created'];
const POSTBACK_EVENTS = ['exchange.created', 'exchange.success', 'exchange.refunded', 'exchange.canceled'];
const MACROS = '{sub1}…{sub5}, {click_id}, {exchange_id}, {status}, {reward}, {currency}, {amount}, {cur_from}, {cur_to}, {time}';

// A delivery's stored error is Node's English ("connect ECONNREFUSED 203.0.113.9:443"); the page
// says what happened in its own language, with the system's error code where there is one.
const DELIVERY_ERRORS: Array<[RegExp, MessageKey]> = [
  [/^no answer within/, 'delivery_timeout'],
  [/internal address/, 'delivery_internal'],
  [/ENOTFOUND|EAI_AGAIN/, 'delivery_dns'],
  [/ECONNREFUSED/, 'delivery_refused'],
  [/ECONNRESET|EPIPE|socket hang up/, 'delivery_reset'],
  [/certificate|CERT_|SSL|TLS|self.signed/i, 'delivery_tls'],
];

export function deliveryErrorText(tr: Pick<Translator, 't'>, raw: string): string {
  if (/^HTTP \d{3}$/.test(raw)) return raw;
  const key = DELIVERY_ERRORS.find(([pattern]) => pattern.test(raw))?.[1] ?? 'delivery_failed';
  const code = key === 'delivery_internal' ? undefined : /\bE[A-Z_]{3,}\b/.exec(raw)?.[0];
  return code ? `${tr.t(key)} (${code})` : tr.t(key);
}

function statusText(ctx: PageContext, e: EndpointItem): string {
  const { t } = ctx.tr;
  if (!e.enabled) {
    if (e.disabled_reason === 'gone') return t('endpoint_disabled_gone');
    if (e.disabled_reason === 'failing') return t('endpoint_disabled_failing', { n: e.consecutive_failures });
    return t('endpoint_paused');
  }
  return e.failing ? t('endpoint_failing', { n: e.consecutive_failures }) : t('endpoint_active');
}

function table(ctx: PageContext, kind: EndpointForm['kind'], items: EndpointItem[]): Html {
  const { t, dateTime } = ctx.tr;
  const caption = t(kind === 'webhook' ? 'webhooks_heading' : 'postbacks_heading');
  if (items.length === 0) return html`<p>${t(kind === 'webhook' ? 'no_webhooks' : 'no_postbacks')}</p>`;
  const button = (id: number, action: string, label: MessageKey) =>
    html`<form method="post" action="/partner/webhooks/${id}/${action}"${action === 'delete' ? html` data-confirm="${t('confirm_delete_endpoint', { id })}"` : ''}>${csrfField(ctx.csrf)}<button type="submit" class="secondary" aria-label="${t(label)} ${id}">${t(label)}</button></form>`;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${kind}-caption"><table>
<caption id="${kind}-caption" class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">ID</th><th scope="col">${t('endpoint_url')}</th><th scope="col">${t('endpoint_events')}</th><th scope="col">${t('status')}</th><th scope="col">${t('time')}</th><th scope="col">${t('actions')}</th></tr></thead>
<tbody>${items.map((e) => html`<tr id="endpoint-${e.id}"><td>${e.id}</td><td class="wrap"><code>${e.url}</code></td><td>${e.events.join(', ')}</td>
<td class="endpoint-status">${statusText(ctx, e)}${e.lastError ? html`<br><small>${t('endpoint_last_error', { error: deliveryErrorText(ctx.tr, e.lastError) })}</small>` : ''}</td><td>${dateTime(e.created_at)}</td>
<td>${e.enabled ? button(e.id, 'disable', 'endpoint_pause') : button(e.id, 'enable', 'endpoint_enable')}${button(e.id, 'delete', 'endpoint_delete')}</td></tr>`)}</tbody>
</table></div>`;
}

function addForm(ctx: PageContext, kind: EndpointForm['kind'], form: EndpointForm | undefined, errors: FieldErrors): Html {
  const { t } = ctx.tr;
  const mine = form?.kind === kind ? form : undefined;
  const fieldErrors = mine ? errors : {};
  const names = kind === 'webhook' ? WEBHOOK_EVENTS : POSTBACK_EVENTS;
  const checked = (name: string) => (mine ? mine.events.includes(name) : kind === 'webhook' ? name !== 'click.created' : name === 'exchange.success');
  const prefix = `${kind}-event`;
  return html`<form method="post" action="/partner/webhooks" class="card" novalidate>
${csrfField(ctx.csrf)}<input type="hidden" name="kind" value="${kind}">
${field({ name: `${kind}_url`, label: t('endpoint_url'), value: mine?.url, error: fieldErrors.url, hint: kind === 'webhook' ? t('webhook_url_hint') : t('postback_url_hint', { macros: MACROS }), required: true })}
<fieldset class="field choices${fieldErrors.events ? ' invalid' : ''}"><legend>${t('endpoint_events')}</legend>
${fieldErrors.events ? html`<p class="error">${fieldErrors.events}</p>` : ''}
${names.map((name, i) => html`<label class="choice" for="${prefix}-${i}"><input type="checkbox" id="${prefix}-${i}" name="events" value="${name}"${checked(name) ? html` checked` : ''}> <code>${name}</code></label>`)}
${kind === 'webhook' ? html`<p class="hint">${t('click_created_hint')}</p>` : ''}
</fieldset>
<button type="submit">${t(kind === 'webhook' ? 'add_webhook' : 'add_postback')}</button>
</form>`;
}

export function webhooksPage(ctx: PageContext, opts: { items: EndpointItem[]; secret?: { id: number; value: string }; form?: EndpointForm; errors?: FieldErrors }): Html {
  const { t } = ctx.tr;
  const errors = opts.errors ?? {};
  return layout(ctx, t('webhooks_title'), html`
<p>${t('webhooks_intro')}</p>
${opts.secret ? html`<section class="card" aria-labelledby="new-secret"><h2 id="new-secret">${t('new_secret_title', { id: opts.secret.id })}</h2>
<p class="notice error" role="alert">${t('new_secret_warning')}</p><p><code id="webhook-secret">${opts.secret.value}</code></p></section>` : ''}
<h2>${t('webhooks_heading')}</h2>
<p>${t('webhooks_signing')}</p>
${table(ctx, 'webhook', opts.items.filter((e) => e.kind === 'webhook'))}
<h3>${t('add_webhook')}</h3>
${addForm(ctx, 'webhook', opts.form, errors)}
<h2>${t('postbacks_heading')}</h2>
${table(ctx, 'postback', opts.items.filter((e) => e.kind === 'postback'))}
<h3>${t('add_postback')}</h3>
${addForm(ctx, 'postback', opts.form, errors)}`);
}
