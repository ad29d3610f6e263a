// Headers every answer carries, whatever the area: browsers must never guess a type for what
// we send (a feed or an API answer read as HTML).
import fp from 'fastify-plugin';

export default fp(async function securityHeaders(app) {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });
}, { name: 'security-headers' });
