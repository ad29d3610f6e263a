// What every cabinet request carries: the language, the signed-in partner (if any), and the
// helpers a handler needs to render a page or redirect safely.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickLang, translator, type Lang, type MessageKey, type Translator } from '../../messages/index.js';
import type { Html } from './html.js';
import type { PageContext } from './views/layout.js';

export const SESSION_COOKIE = 'ratelink_partner';
export const LANG_COOKIE = 'ratelink_lang';

export interface CabinetState {
  tr: Translator;
  session: { id: string; partnerId: number } | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    cabinet: CabinetState;
  }
}

export function languageOf(request: FastifyRequest): Lang {
  return pickLang(request.cookies[LANG_COOKIE], request.headers['accept-language']);
}

export function cabinetState(request: FastifyRequest, timeZone: string): CabinetState {
  return { tr: translator(languageOf(request), timeZone), session: null };
}

export function pageContext(request: FastifyRequest, reply: FastifyReply, notice?: PageContext['notice']): PageContext {
  // A page that answers a form (POST /partner/api/keys) has no address of its own: the language
  // links come back to the page of that form.
  const path = request.method === 'POST' ? formPage(request.url) : request.url;
  return { tr: request.cabinet.tr, csrf: reply.generateCsrf(), path, signedIn: request.cabinet.session !== null, notice };
}

export function sendPage(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page.text);
}

/** The signed-in partner's id; the preHandler `requirePartner` guarantees there is one. */
export function partnerIdOf(request: FastifyRequest): number {
  const session = request.cabinet.session;
  if (!session) throw new Error('requirePartner must run before this handler');
  return session.partnerId;
}

/**
 * Where to go after signing in: only a path of the cabinet itself (no other host, no
 * protocol-relative `//host`, no backslash tricks), else the dashboard.
 */
export function safeNext(next: unknown, { allowLogin = false } = {}): string {
  const fallback = '/partner/dashboard';
  if (typeof next !== 'string' || next.length > 500 || !next.startsWith('/partner/') || /[\\\u0000-\u001f]/.test(next)) return fallback;
  try {
    const url = new URL(next, 'http://cabinet.invalid');
    if (url.origin !== 'http://cabinet.invalid' || !url.pathname.startsWith('/partner/') || (!allowLogin && url.pathname.startsWith('/partner/login'))) return fallback;
    return url.pathname + url.search;
  } catch {
    return fallback;
  }
}

/** Messages carried across a redirect (POST → 303 → GET) as a short query flag. */
export const FLASHES = ['signed_out', 'signed_out_everywhere', 'password_set', 'session_ended', 'forgot_sent'] as const;

/**
 * The answer to a form that changed something (a payout requested or canceled, a key revoked):
 * 303 to its page with `?m=<notice>&id=<subject>`, so that reloading shows the page again
 * instead of sending the form twice (a second payout request).
 */
export function redirectWithNotice(reply: FastifyReply, page: string, notice: MessageKey, subject: string | number): FastifyReply {
  return reply.redirect(`${page}?${new URLSearchParams({ m: notice, id: String(subject) })}`, 303);
}

/** The notice of such a redirect: only one this page gives, about an id or a key prefix. */
export function redirectedNotice(request: FastifyRequest, notices: readonly MessageKey[]): PageContext['notice'] {
  const key = notices.find((n) => redirectedSubject(request, n) !== null);
  return key ? { kind: 'info', text: request.cabinet.tr.t(key, { id: redirectedSubject(request, key)! }) } : null;
}

/** The id or key prefix of a redirect with `notice`, or null: another notice, or no sound id. */
export function redirectedSubject(request: FastifyRequest, notice: MessageKey): string | null {
  const { m, id } = request.query as { m?: unknown; id?: unknown };
  return m === notice && typeof id === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(id) ? id : null;
}

/**
 * The page whose form posts to `url`, to send a partner back to it (a session that ended, a
 * stale CSRF token): /partner/payouts/7/cancel → /partner/payouts, POST /partner/links → its
 * form; the public forms post to their own page.
 */
export function formPage(url: string): string {
  const [section = '', code] = url.split('?')[0]!.split('/').slice(2);
  if (['login', 'forgot', 'signup', 'set-password'].includes(section)) return url;
  if (section === 'logout' || section === 'logout-everywhere') return '/partner/dashboard';
  if (section !== 'links') return `/partner/${section}`;
  return code ? `/partner/links/${code}/edit` : '/partner/links/new';
}
