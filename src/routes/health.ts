import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', {
    logLevel: 'warn',
    schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => {
    // The database is opened and migrated before the app is ready; this proves it still answers.
    await app.db.ping();
    return { status: 'ok' };
  });
}
