import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export default fp(async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', {
    logLevel: 'warn',
    schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => {
    // The database is opened and migrated before the app is ready; this proves it still answers.
    await app.db.ping();
    return { status: 'ok' };
  });
}, { name: 'health', dependencies: ['database'], encapsulate: true });
