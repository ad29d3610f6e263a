// GET /partner/sessions and POST /partner/sessions/:ref/end: the partner's signed-in sessions,
// and ending one of them (a browser left signed in elsewhere) without signing out everywhere.
import type { FastifyInstance } from 'fastify';
import { endSessionByRef, listSessions } from '../../services/accounts/sessions.js';
import { pageContext, partnerIdOf, redirectedNotice, redirectWithNotice, sendPage } from './context.js';
import { notFound } from './not-found.js';
import { sessionsPage } from './views/sessions.js';

const unixNow = () => Math.floor(Date.now() / 1000);

export default async function sessionRoutes(app: FastifyInstance) {
  const deps = { repos: app.repos, idleSeconds: app.config.sessionIdleDays * 86400 };

  app.get('/sessions', async (request, reply) => {
    const sessions = await listSessions(deps, partnerIdOf(request), request.cabinet.session!.id, unixNow());
    return sendPage(reply, sessionsPage(pageContext(request, reply, redirectedNotice(request, ['session_ended_notice'])), sessions));
  });

  // Another partner's session, one already ended, or a made-up ref: "Not found", as for any row.
  app.post<{ Params: { ref: string } }>('/sessions/:ref/end', async (request, reply) => {
    if (!(await endSessionByRef(deps, partnerIdOf(request), request.params.ref, unixNow()))) return notFound(request, reply);
    return redirectWithNotice(reply, '/partner/sessions', 'session_ended_notice', request.params.ref);
  });
}
