// The partner cabinet under /partner/: server-rendered pages in English and Russian over the
// same services as the legacy API. One encapsulated plugin: its cookies, CSP (helmet), CSRF,
// form parser, static assets and HTML error pages stay inside /partner/ (the REST API serves
// Swagger UI with a CSP of its own).
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { isHttpError } from '../../errors.js';
import { pickLang, translator } from '../../messages/index.js';
import { packageRoot } from '../../paths.js';
import { createMailer } from '../../services/accounts/mailer.js';
import { readSession } from '../../services/accounts/sessions.js';
import authRoutes, { sessionCookieOptions } from './auth-routes.js';
import { LANG_COOKIE, SESSION_COOKIE, cabinetState, formPage, pageContext, sendPage } from './context.js';
import pageRoutes from './page-routes.js';
import { messagePage } from './views/auth.js';
import { notFound } from './not-found.js';

const BODY_LIMIT = 16 * 1024;
export const ASSETS_DIR = join(packageRoot, 'public', 'partner');

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export default async function partnerCabinet(app: FastifyInstance) {
  const { repos, config } = app;
  const idleSeconds = config.sessionIdleDays * 86400;
  const mailer = createMailer(config);
  if (mailer) app.addHook('onClose', async () => { mailer.close(); });

  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  // Every body, a form or anything else, at most BODY_LIMIT.
  app.addHook('onRoute', (route) => { route.bodyLimit ??= BODY_LIMIT; });
  await app.register(formbody);
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // Same-origin pages only; a one-time link in the address never leaks as a Referer.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'ratelink_csrf',
    cookieOpts: { path: '/partner', sameSite: 'strict', httpOnly: true, secure: 'auto' },
  });
  await app.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', decorateReply: false, maxAge: 3600 * 1000, index: false });

  app.decorateRequest('cabinet', null as never);
  app.addHook('onRequest', async (request, reply) => {
    request.cabinet = cabinetState(request, config.timeZone);
    if (request.url.startsWith('/partner/assets/')) return;
    reply.header('cache-control', 'no-store');
    const session = await readSession({ repos, idleSeconds }, request.cookies[SESSION_COOKIE], Math.floor(Date.now() / 1000));
    if (session) {
      request.cabinet.session = { id: session.id, partnerId: session.partnerId };
      // The cookie lives as long as the session may stay idle, counted from now.
      if (session.touched) reply.setCookie(SESSION_COOKIE, request.cookies[SESSION_COOKIE]!, sessionCookieOptions(idleSeconds));
    } else if (request.cookies[SESSION_COOKIE] !== undefined) {
      reply.clearCookie(SESSION_COOKIE, { path: '/partner' });
    }
  });
  // Every form carries the CSRF token (double submit: a SameSite=Strict cookie and a hidden field).
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') app.csrfProtection(request, reply, done);
    else done();
  });

  // A malformed or over-long URL matches no route and runs none of the hooks above: the
  // "Not found" page all the same, in the language of the cookie or the browser.
  app.claimBadUrls(/^\/partner(\/|$|\?)/, (request, reply) => {
    const tr = translator(pickLang(app.parseCookie(request.headers.cookie ?? '')[LANG_COOKIE], request.headers['accept-language']), config.timeZone);
    const page = messagePage({ tr, csrf: '', path: '/partner/', signedIn: false }, tr.t('not_found_title'), tr.t('not_found_text'), { href: '/partner/', label: tr.t('nav_dashboard') });
    return sendPage(reply.header('cache-control', 'no-store'), page, 404);
  });
  app.setNotFoundHandler((request, reply) => {
    request.cabinet ??= cabinetState(request, config.timeZone);
    return notFound(request, reply);
  });
  app.setErrorHandler((error, request, reply) => {
    request.cabinet ??= cabinetState(request, config.timeZone);
    const { t } = request.cabinet.tr;
    const status = isHttpError(error) ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'cabinet error');
    if (isHttpError(error) && error.code?.startsWith('FST_CSRF')) {
      return sendPage(reply, messagePage(pageContext(request, reply), t('error_title'), t('csrf_failed'), { href: formPage(request.url), label: t('csrf_reopen') }), 403);
    }
    if (status === 404) return notFound(request, reply);
    return sendPage(reply, messagePage(pageContext(request, reply), t('error_title'), t('error_text')), status >= 400 && status < 600 ? status : 500);
  });

  await app.register(authRoutes, { mailer });
  await app.register(pageRoutes);
}
