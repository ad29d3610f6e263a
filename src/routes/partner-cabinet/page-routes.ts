// The signed-in pages: a partner without a session is sent to sign in (and back after).
import type { FastifyInstance } from 'fastify';
import { formPage } from './context.js';
import dashboardRoutes from './dashboard-routes.js';
import linkRoutes from './link-routes.js';
import passwordRoutes from './password-routes.js';
import payoutRoutes from './payout-routes.js';
import programRoutes from './program-routes.js';
import reportRoutes from './report-routes.js';
import sessionRoutes from './session-routes.js';
import webhookRoutes from './webhook-routes.js';

export default async function pageRoutes(app: FastifyInstance) {
  app.addHook('preHandler', async (request, reply) => {
    if (request.cabinet.session) return;
    // A form sent after the session ended: its data cannot be kept, but the partner comes back
    // to the page of that form once signed in again.
    const target = request.method === 'GET' ? `/partner/login?next=${encodeURIComponent(request.url)}`
      : `/partner/login?m=session_ended&next=${encodeURIComponent(formPage(request.url))}`;
    return reply.redirect(target, 303);
  });
  await app.register(dashboardRoutes);
  await app.register(programRoutes);
  await app.register(linkRoutes);
  await app.register(reportRoutes);
  await app.register(payoutRoutes);
  await app.register(webhookRoutes);
  await app.register(passwordRoutes);
  await app.register(sessionRoutes);
}

