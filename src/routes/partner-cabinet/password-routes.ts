// GET/POST /partner/password: a signed-in partner changes the password, typing the current one.
// Every other session and REST token ends; this browser stays signed in with a new session.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changePassword } from '../../services/accounts/accounts.js';
import { passwordProblem } from '../../services/accounts/passwords.js';
import { startSession } from '../../services/accounts/sessions.js';
import { sessionCookieOptions } from './auth-routes.js';
import { pageContext, partnerIdOf, redirectedNotice, redirectWithNotice, SESSION_COOKIE, sendPage } from './context.js';
import { formText } from './forms.js';
import { changePasswordPage, type FieldErrors } from './views/auth.js';

const unixNow = () => Math.floor(Date.now() / 1000);

export default async function passwordRoutes(app: FastifyInstance) {
  const { repos, config, attempts } = app;
  const idleSeconds = config.sessionIdleDays * 86400;

  async function show(request: FastifyRequest, reply: FastifyReply, opts: { status?: number; errors?: FieldErrors; error?: string } = {}) {
    const email = (await repos.partnerAccounts.findByPartner(partnerIdOf(request)))?.email ?? '';
    const notice = opts.error ? { kind: 'error' as const, text: opts.error } : redirectedNotice(request, ['password_changed']);
    return sendPage(reply, changePasswordPage(pageContext(request, reply, notice), email, opts.errors), opts.status ?? 200);
  }

  app.get('/password', async (request, reply) => show(request, reply));

  app.post('/password', async (request, reply) => {
    const { t } = request.cabinet.tr;
    const current = formText(request.body, 'current', 1000);
    const password = formText(request.body, 'password', 2000);
    const problem = passwordProblem(password);
    const errors: FieldErrors = {};
    if (!current) errors.current = t('field_required');
    if (problem) errors.password = t(problem);
    else if (password !== formText(request.body, 'repeat', 2000)) errors.repeat = t('passwords_differ');
    if (Object.keys(errors).length > 0) return show(request, reply, { status: 400, errors, error: t('errors_summary') });
    const partnerId = partnerIdOf(request);
    const result = await changePassword({ repos, attempts, passwordCost: config.passwordCost, now: unixNow }, partnerId, current, password, request.ip);
    if (!result.ok && result.reason === 'throttled') {
      reply.header('retry-after', String(result.retryAfter));
      return show(request, reply, { status: 429, error: t('throttled', { minutes: Math.ceil(result.retryAfter / 60) }) });
    }
    if (!result.ok) return show(request, reply, { status: 400, errors: { current: t('current_password_wrong') }, error: t('errors_summary') });
    const token = await startSession({ repos, idleSeconds }, partnerId, result.authVersion, unixNow(), { userAgent: request.headers['user-agent'], ip: request.ip });
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(idleSeconds));
    return redirectWithNotice(reply, '/partner/password', 'password_changed', partnerId);
  });
}
