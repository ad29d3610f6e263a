// Sessions: where the account is signed in (browser and system, address, when), this browser
// marked, an End button on each of the others; "Sign out everywhere" stays at the foot of the page.
import type { SessionView } from '../../../services/accounts/sessions.js';
import { html, type Html } from '../html.js';
import { csrfField, layout, type PageContext } from './layout.js';

export function sessionsPage(ctx: PageContext, sessions: SessionView[]): Html {
  const { t, dateTime } = ctx.tr;
  return layout(ctx, t('sessions_title'), html`
<p>${t('sessions_intro')}</p>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="sessions-caption"><table>
<caption id="sessions-caption" class="visually-hidden">${t('sessions_title')}</caption>
<thead><tr><th scope="col">${t('session_device')}</th><th scope="col">${t('session_ip')}</th><th scope="col">${t('session_signed_in')}</th><th scope="col">${t('session_last_seen')}</th><th scope="col">${t('actions')}</th></tr></thead>
<tbody>${sessions.map((s) => html`<tr><th scope="row">${s.device ?? t('device_unknown')}</th><td>${s.ip ?? '—'}</td><td>${dateTime(s.signedInAt)}</td><td>${dateTime(s.lastSeenAt)}</td>
<td>${s.current ? html`<strong>${t('session_this')}</strong>` : html`<form method="post" action="/partner/sessions/${s.ref}/end">${csrfField(ctx.csrf)}<button type="submit" class="secondary" aria-label="${t('session_end')}: ${s.device ?? t('device_unknown')}, ${dateTime(s.signedInAt)}">${t('session_end')}</button></form>`}</td></tr>`)}</tbody>
</table></div>`);
}
