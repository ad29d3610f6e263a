// Sign in, sign out (here or everywhere), set a password from a one-time link, forgotten
// password, self-registration, and the language switch: the cabinet's public pages.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isHttpError } from '../../errors.js';
import { CODE_PATTERN } from '../../ids.js';
import { isLang } from '../../messages/index.js';
import { requestPasswordReset, setPasswordWithLink, signUp } from '../../services/accounts/accounts.js';
import { signIn } from '../../services/accounts/credentials.js';
import { passwordResetMail, type Mailer } from '../../services/accounts/mailer.js';
import { checkLink } from '../../services/accounts/one-time-links.js';
import { passwordProblem } from '../../services/accounts/passwords.js';
import { endAllSessions, endSession, startSession } from '../../services/accounts/sessions.js';
import { attachSubPartner } from '../../services/promotion-links/agent.js';
import { FLASHES, LANG_COOKIE, SESSION_COOKIE, pageContext, safeNext, sendPage } from './context.js';
import { formText, isEmail, isPrintableName } from './forms.js';
import { forgotPage, loginPage, messagePage, setPasswordPage, signupPage, type FieldErrors } from './views/auth.js';

const unixNow = () => Math.floor(Date.now() / 1000);
type Query = { next?: string; m?: string };

export function sessionCookieOptions(maxAge: number) {
  return { path: '/partner', httpOnly: true, sameSite: 'lax' as const, secure: 'auto' as const, maxAge };
}

export default async function authRoutes(app: FastifyInstance, { mailer }: { mailer: Mailer | null }) {
  const { repos, config, attempts } = app;
  const idleSeconds = config.sessionIdleDays * 86400;

  const flash = (request: FastifyRequest) => {
    const m = (request.query as Query).m;
    return FLASHES.find((f) => f === m) ? { kind: 'info' as const, text: request.cabinet.tr.t(m as (typeof FLASHES)[number]) } : null;
  };
  const showLogin = (request: FastifyRequest, reply: FastifyReply, status = 200, opts: { email?: string; errors?: FieldErrors; error?: string } = {}) => {
    const next = (request.query as Query).next;
    const notice = opts.error ? { kind: 'error' as const, text: opts.error } : flash(request);
    return sendPage(reply, loginPage(pageContext(request, reply, notice), { ...opts, next: next === undefined ? undefined : safeNext(next), signup: config.partnerSignup }), status);
  };

  app.get('/', async (request, reply) => reply.redirect(request.cabinet.session ? '/partner/dashboard' : '/partner/login', 303));

  app.get('/login', async (request, reply) => {
    if (request.cabinet.session) return reply.redirect(safeNext((request.query as Query).next), 303);
    return showLogin(request, reply);
  });

  app.post('/login', async (request, reply) => {
    const { t } = request.cabinet.tr;
    const email = formText(request.body, 'email', 254).trim();
    const password = formText(request.body, 'password', 1000);
    const errors: FieldErrors = {};
    if (!email) errors.email = t('field_required');
    if (!password) errors.password = t('field_required');
    if (errors.email || errors.password) return showLogin(request, reply, 400, { email, errors, error: t('errors_summary') });
    const result = await signIn({ repos, attempts, passwordCost: config.passwordCost, now: unixNow }, email, password, request.ip);
    if (!result.ok) {
      if (result.reason === 'throttled') {
        reply.header('retry-after', String(result.retryAfter));
        return showLogin(request, reply, 429, { email, error: t('throttled', { minutes: Math.ceil(result.retryAfter / 60) }) });
      }
      const message = { invalid: t('invalid_credentials'), blocked: t('account_blocked'), pending: t('account_pending') }[result.reason];
      return showLogin(request, reply, result.reason === 'invalid' ? 401 : 403, { email, error: message });
    }
    if (request.cabinet.session) await endSession(repos, request.cabinet.session.id, unixNow());
    const token = await startSession({ repos, idleSeconds }, result.partnerId, result.authVersion, unixNow(), { userAgent: request.headers['user-agent'], ip: request.ip });
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(idleSeconds));
    return reply.redirect(safeNext((request.query as Query).next), 303);
  });

  app.post('/logout', async (request, reply) => {
    if (request.cabinet.session) await endSession(repos, request.cabinet.session.id, unixNow());
    reply.clearCookie(SESSION_COOKIE, { path: '/partner' });
    return reply.redirect('/partner/login?m=signed_out', 303);
  });

  app.post('/logout-everywhere', async (request, reply) => {
    if (request.cabinet.session) await endAllSessions(repos, request.cabinet.session.partnerId, unixNow());
    reply.clearCookie(SESSION_COOKIE, { path: '/partner' });
    return reply.redirect('/partner/login?m=signed_out_everywhere', 303);
  });

  const linkProblem = (request: FastifyRequest, reply: FastifyReply, state: 'used' | 'expired' | 'unknown') => {
    const { t } = request.cabinet.tr;
    const text = { used: t('link_used'), expired: t('link_expired'), unknown: t('link_unknown') }[state];
    const link = mailer ? { href: '/partner/forgot', label: t('forgot_title') } : { href: '/partner/login', label: t('login_title') };
    return sendPage(reply, messagePage(pageContext(request, reply), t('set_password_title'), text, link), state === 'unknown' ? 404 : 410);
  };

  const accountEmail = async (partnerId: number) => (await repos.partnerAccounts.findByPartner(partnerId))?.email ?? '';

  app.get<{ Params: { token: string } }>('/set-password/:token', async (request, reply) => {
    const link = await checkLink(repos, request.params.token, unixNow());
    if (link.state !== 'valid') return linkProblem(request, reply, link.state);
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, setPasswordPage(pageContext(request, reply), request.params.token, await accountEmail(link.row.partnerId)));
  });

  app.post<{ Params: { token: string } }>('/set-password/:token', async (request, reply) => {
    const { t } = request.cabinet.tr;
    const password = formText(request.body, 'password', 2000);
    const repeat = formText(request.body, 'repeat', 2000);
    const problem = passwordProblem(password);
    const errors: FieldErrors = problem ? { password: t(problem) } : password !== repeat ? { repeat: t('passwords_differ') } : {};
    if (errors.password || errors.repeat) {
      const link = await checkLink(repos, request.params.token, unixNow());
      if (link.state !== 'valid') return linkProblem(request, reply, link.state);
      const email = await accountEmail(link.row.partnerId);
      return sendPage(reply, setPasswordPage(pageContext(request, reply, { kind: 'error', text: t('errors_summary') }), request.params.token, email, errors), 400);
    }
    const result = await setPasswordWithLink(repos, config.passwordCost, request.params.token, password, unixNow());
    if (!result.ok) return linkProblem(request, reply, result.reason);
    reply.clearCookie(SESSION_COOKIE, { path: '/partner' });
    return reply.redirect('/partner/login?m=password_set', 303);
  });

  app.get('/forgot', async (request, reply) => {
    const notice = flash(request);
    return sendPage(reply, forgotPage(pageContext(request, reply, notice), { available: mailer !== null }));
  });

  app.post('/forgot', async (request, reply) => {
    const { t } = request.cabinet.tr;
    if (!mailer) return sendPage(reply, forgotPage(pageContext(request, reply), { available: false }), 404);
    const email = formText(request.body, 'email', 254).trim();
    if (!isEmail(email)) {
      const errors = { email: email ? t('email_invalid') : t('field_required') };
      return sendPage(reply, forgotPage(pageContext(request, reply, { kind: 'error', text: t('errors_summary') }), { email, errors, available: true }), 400);
    }
    const lang = request.cabinet.tr;
    // The answer is the same, and as quick, whether or not the email has an account: the
    // lookup and the mail happen after it.
    setImmediate(() => {
      requestPasswordReset(repos, attempts, config, email, request.ip, unixNow())
        .then((reset) => reset && mailer.send(passwordResetMail(lang, config.siteUrl, reset)))
        .catch((error: unknown) => request.log.warn({ err: error }, 'password-reset mail not sent'));
    });
    return reply.redirect('/partner/forgot?m=forgot_sent', 303);
  });

  const signupOpen = () => config.partnerSignup !== 'closed';
  const signupClosed = (request: FastifyRequest, reply: FastifyReply) => {
    const { t } = request.cabinet.tr;
    return sendPage(reply, messagePage(pageContext(request, reply), t('signup_title'), t('signup_closed'), { href: '/partner/login', label: t('login_title') }), 404);
  };

  app.get<{ Querystring: { ref?: string } }>('/signup', async (request, reply) => {
    if (!signupOpen()) return signupClosed(request, reply);
    return sendPage(reply, signupPage(pageContext(request, reply), { agentCode: await agentCodeOf(request.query.ref) }));
  });

  app.post('/signup', async (request, reply) => {
    if (!signupOpen()) return signupClosed(request, reply);
    const { t } = request.cabinet.tr;
    const input = { name: formText(request.body, 'name', 400).trim(), email: formText(request.body, 'email', 254).trim(), password: formText(request.body, 'password', 2000) };
    const agentCode = await agentCodeOf(formText(request.body, 'ref', 100));
    const errors: FieldErrors = {};
    if (!isPrintableName(input.name)) errors.name = input.name ? t('name_invalid') : t('field_required');
    if (!isEmail(input.email)) errors.email = input.email ? t('email_invalid') : t('field_required');
    const problem = passwordProblem(input.password);
    if (problem) errors.password = t(problem);
    if (Object.keys(errors).length > 0) {
      return sendPage(reply, signupPage(pageContext(request, reply, { kind: 'error', text: t('errors_summary') }), { ...input, errors, agentCode }), 400);
    }
    const result = await signUp(repos, attempts, config, input, request.ip, unixNow());
    if (!result.ok) {
      reply.header('retry-after', '3600');
      return sendPage(reply, signupPage(pageContext(request, reply, { kind: 'error', text: t('throttled', { minutes: 60 }) }), { ...input, agentCode }), 429);
    }
    if (result.partnerId !== null && agentCode) await joinAgent(request, agentCode, result.partnerId);
    const done = config.partnerSignup === 'open' ? t('signup_done_open') : t('signup_done_approval');
    return sendPage(reply, messagePage(pageContext(request, reply), t('signup_title'), done, { href: '/partner/login', label: t('login_title') }));
  });

  /** The code of an enabled agent link, or undefined: a visitor's `ref` that names nothing is dropped. */
  async function agentCodeOf(ref: string | undefined): Promise<string | undefined> {
    if (!ref || !CODE_PATTERN.test(ref)) return undefined;
    const link = await repos.links.findByCode(ref);
    return link?.linkType === 'agent' && link.disabledAt === null ? link.code : undefined;
  }

  /** The new partner becomes a sub-partner of the agent link's owner. The account exists either
   * way: a link disabled since the page was shown only leaves the partner without a referrer. */
  async function joinAgent(request: FastifyRequest, code: string, partnerId: number) {
    try {
      const ownerId = await attachSubPartner(repos, code, partnerId);
      request.log.info({ partnerId, ownerId, code }, 'partner signed up through an agent link');
    } catch (error) {
      if (!isHttpError(error) || error.statusCode >= 500) throw error;
      request.log.warn({ partnerId, code, err: error }, 'agent link not applied at sign-up');
    }
  }

  app.get<{ Params: { lang: string }; Querystring: Query }>('/language/:lang', async (request, reply) => {
    if (isLang(request.params.lang)) {
      reply.setCookie(LANG_COOKIE, request.params.lang, { path: '/partner', sameSite: 'lax', secure: 'auto', httpOnly: true, maxAge: 365 * 86400 });
    }
    return reply.redirect(safeNext(request.query.next, { allowLogin: true }), 303);
  });
}
