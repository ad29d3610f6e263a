// Sign in, set a password (invitation or reset), forgotten password, sign-up.
import type { Config } from '../../../config.js';
import { html, type Html } from '../html.js';
import { csrfField, field, layout, type PageContext } from './layout.js';

export type FieldErrors = Partial<Record<string, string>>;

export function loginPage(ctx: PageContext, opts: { email?: string; next?: string; errors?: FieldErrors; signup: Config['partnerSignup'] }): Html {
  const { t } = ctx.tr;
  const action = opts.next ? `/partner/login?next=${encodeURIComponent(opts.next)}` : '/partner/login';
  return layout(ctx, t('login_title'), html`
<form method="post" action="${action}" class="card narrow" novalidate>
${csrfField(ctx.csrf)}
${field({ name: 'email', label: t('email'), type: 'email', value: opts.email, error: opts.errors?.email, autocomplete: 'username', required: true })}
${field({ name: 'password', label: t('password'), type: 'password', error: opts.errors?.password, autocomplete: 'current-password', required: true })}
<button type="submit">${t('sign_in_button')}</button>
</form>
<p><a href="/partner/forgot">${t('forgot_link')}</a>${opts.signup !== 'closed' ? html` · <a href="/partner/signup">${t('signup_link')}</a>` : ''}</p>`);
}

/** `email`: the account's, shown read-only where a password manager looks for the username. */
export function setPasswordPage(ctx: PageContext, token: string, email: string, errors: FieldErrors = {}): Html {
  const { t } = ctx.tr;
  return layout(ctx, t('set_password_title'), passwordForm(ctx, `/partner/set-password/${token}`, email, errors, t('set_password_button')));
}

/** A signed-in partner's new password, with the current one. */
export function changePasswordPage(ctx: PageContext, email: string, errors: FieldErrors = {}): Html {
  const { t } = ctx.tr;
  const current = field({ name: 'current', label: t('current_password'), type: 'password', error: errors.current, autocomplete: 'current-password', required: true });
  return layout(ctx, t('change_password_title'), passwordForm(ctx, '/partner/password', email, errors, t('change_password_button'), current));
}

/** The account's email (for password managers), `before` (the current password), the new one twice. */
function passwordForm(ctx: PageContext, action: string, email: string, errors: FieldErrors, button: string, before: Html | string = ''): Html {
  const { t } = ctx.tr;
  return html`
<form method="post" action="${action}" class="card narrow" novalidate>
${csrfField(ctx.csrf)}
<div class="field"><label for="f-username">${t('email')}</label>
<input id="f-username" name="username" type="email" value="${email}" autocomplete="username" readonly></div>
${before}
${field({ name: 'password', label: t('new_password'), type: 'password', hint: t('password_hint'), error: errors.password, autocomplete: 'new-password', required: true })}
${field({ name: 'repeat', label: t('repeat_password'), type: 'password', error: errors.repeat, autocomplete: 'new-password', required: true })}
<button type="submit">${button}</button>
</form>`;
}

export function forgotPage(ctx: PageContext, opts: { email?: string; errors?: FieldErrors; available: boolean }): Html {
  const { t } = ctx.tr;
  if (!opts.available) return layout(ctx, t('forgot_title'), html`<p>${t('forgot_no_smtp')}</p><p><a href="/partner/login">${t('login_title')}</a></p>`);
  return layout(ctx, t('forgot_title'), html`
<p>${t('forgot_text')}</p>
<form method="post" action="/partner/forgot" class="card narrow" novalidate>
${csrfField(ctx.csrf)}
${field({ name: 'email', label: t('email'), type: 'email', value: opts.email, error: opts.errors?.email, autocomplete: 'email', required: true })}
<button type="submit">${t('forgot_button')}</button>
</form>
<p><a href="/partner/login">${t('login_title')}</a></p>`);
}

/** `agentCode`: the agent link the visitor came through (the new partner becomes its owner's sub-partner). */
export function signupPage(ctx: PageContext, opts: { name?: string; email?: string; errors?: FieldErrors; agentCode?: string }): Html {
  const { t } = ctx.tr;
  return layout(ctx, t('signup_title'), html`
${opts.agentCode ? html`<p class="notice info" id="signup-agent">${t('signup_via_agent', { code: opts.agentCode })}</p>` : ''}
<form method="post" action="/partner/signup" class="card narrow" novalidate>
${csrfField(ctx.csrf)}
${opts.agentCode ? html`<input type="hidden" name="ref" value="${opts.agentCode}">` : ''}
${field({ name: 'name', label: t('name'), value: opts.name, error: opts.errors?.name, autocomplete: 'organization', required: true })}
${field({ name: 'email', label: t('email'), type: 'email', value: opts.email, error: opts.errors?.email, autocomplete: 'email', required: true })}
${field({ name: 'password', label: t('password'), type: 'password', hint: t('password_hint'), error: opts.errors?.password, autocomplete: 'new-password', required: true })}
<button type="submit">${t('signup_button')}</button>
</form>
<p><a href="/partner/login">${t('login_title')}</a></p>`);
}

/** A page that only says something (a used link, a closed sign-up, an error). */
export function messagePage(ctx: PageContext, title: string, text: string, link?: { href: string; label: string }): Html {
  return layout(ctx, title, html`<p>${text}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ''}`);
}
