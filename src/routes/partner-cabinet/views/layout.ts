// The page around every cabinet view: language, navigation, sign-out forms, notices.
import type { Translator, MessageKey } from '../../../messages/index.js';
import { LANGS } from '../../../messages/index.js';
import { en } from '../../../messages/en.js';
import { ru } from '../../../messages/ru.js';
import { html, type Html, type Part } from '../html.js';

export interface PageContext {
  tr: Translator;
  /** The CSRF token for this page's forms. */
  csrf: string;
  /** The current path and query (language links come back to it). */
  path: string;
  signedIn: boolean;
  /** An error's page says so in its title and takes the focus there: a screen reader reads it first. */
  notice?: { kind: 'info' | 'error'; text: string } | null;
}

const NAV: Array<[string, MessageKey]> = [
  ['/partner/dashboard', 'nav_dashboard'],
  ['/partner/program', 'nav_program'],
  ['/partner/api', 'nav_api'],
  ['/partner/exchanges', 'nav_exchanges'],
  ['/partner/clicks', 'nav_clicks'],
  ['/partner/payouts', 'nav_payouts'],
  ['/partner/webhooks', 'nav_webhooks'],
];
const LANG_NAMES = { en: en.lang_name, ru: ru.lang_name };

export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

export function layout(ctx: PageContext, title: string, body: Part): Html {
  const { tr } = ctx;
  const here = ctx.path.split('?')[0];
  return html`<!doctype html>
<html lang="${tr.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${ctx.notice?.kind === 'error' ? tr.t('error_in_title', { title }) : title} · ${tr.t('app_title')}</title>
<link rel="stylesheet" href="/partner/assets/cabinet.css">
<script src="/partner/assets/cabinet.js" defer></script>
</head>
<body>
<a class="skip" href="#content">${tr.t('skip_to_content')}</a>
<header class="top">
<p class="brand">${tr.t('app_title')}</p>
<nav class="langs" aria-label="${tr.t('language')}">${LANGS.map((lang) => lang === tr.lang
    ? html`<span aria-current="true" lang="${lang}">${LANG_NAMES[lang]}</span>`
    : html`<a href="/partner/language/${lang}?next=${encodeURIComponent(ctx.path)}" lang="${lang}" hreflang="${lang}">${LANG_NAMES[lang]}</a>`)}</nav>
${ctx.signedIn ? html`<form method="post" action="/partner/logout" class="inline">${csrfField(ctx.csrf)}<button type="submit">${tr.t('sign_out')}</button></form>` : ''}
</header>
${ctx.signedIn ? html`<nav class="main" aria-label="${tr.t('nav_label')}"><ul>${NAV.map(([href, key]) => html`<li><a href="${href}"${here === href ? html` aria-current="page"` : ''}>${tr.t(key)}</a></li>`)}</ul></nav>` : ''}
<main id="content">
<h1>${title}</h1>
${ctx.notice?.kind === 'error' ? html`<p class="notice error" role="alert" tabindex="-1" autofocus>${ctx.notice.text}</p>`
    : ctx.notice ? html`<p class="notice info" role="status">${ctx.notice.text}</p>` : ''}
${body}
</main>
${ctx.signedIn ? html`<footer><a href="/partner/password">${tr.t('change_password_title')}</a>
<a href="/partner/sessions">${tr.t('sessions_title')}</a>
<form method="post" action="/partner/logout-everywhere" data-confirm="${tr.t('confirm_sign_out_everywhere')}">${csrfField(ctx.csrf)}<button type="submit" class="link">${tr.t('sign_out_everywhere')}</button></form></footer>` : ''}
</body>
</html>
`;
}

/** A labelled input with its error (in the page's language) next to it. */
export function field(opts: {
  name: string; label: string; type?: string; value?: string; error?: string | null; hint?: string;
  autocomplete?: string; required?: boolean; inputmode?: string;
}): Html {
  const id = `f-${opts.name}`;
  const described = [opts.hint ? `${id}-hint` : '', opts.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${opts.error ? ' invalid' : ''}">
<label for="${id}">${opts.label}</label>
${opts.hint ? html`<p class="hint" id="${id}-hint">${opts.hint}</p>` : ''}
${opts.error ? html`<p class="error" id="${id}-error">${opts.error}</p>` : ''}
<input id="${id}" name="${opts.name}" type="${opts.type ?? 'text'}" value="${opts.value ?? ''}"${opts.autocomplete ? html` autocomplete="${opts.autocomplete}"` : ''}${opts.inputmode ? html` inputmode="${opts.inputmode}"` : ''}${opts.required ? html` required` : ''}${described ? html` aria-describedby="${described}"` : ''}${opts.error ? html` aria-invalid="true"` : ''}>
</div>`;
}

/** A text to copy (a link, a key once) with its copy button (shown by cabinet.js). */
export function copyable(ctx: PageContext, id: string, text: string, label: string): Html {
  const { t } = ctx.tr;
  return html`<div class="copyable"><code id="${id}" aria-label="${label}">${text}</code><button type="button" class="secondary" data-copy-target="${id}" data-copied="${t('copied')}" hidden>${t('copy')}</button></div>`;
}
