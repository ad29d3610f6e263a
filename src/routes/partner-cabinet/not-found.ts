import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageContext, sendPage } from './context.js';
import { messagePage } from './views/auth.js';

/** The cabinet's 404: unknown paths, and every id that is not the signed-in partner's. */
export function notFound(request: FastifyRequest, reply: FastifyReply) {
  const { t } = request.cabinet.tr;
  const home = request.cabinet.session ? { href: '/partner/dashboard', label: t('nav_dashboard') } : { href: '/partner/login', label: t('login_title') };
  return sendPage(reply, messagePage(pageContext(request, reply), t('not_found_title'), t('not_found_text'), home), 404);
}
