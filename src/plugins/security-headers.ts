// Headers every answer carries, whatever the area: browsers must never guess a type for what
// we send (a feed or an API answer read as HTML).
import fp from 'fastify-plugin';

export default fp(async function securityHeaders(app) {
  // A callback hook, not an async one: it runs on every request, and an async hook costs a
  // promise and a turn of the microtask queue each time.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('x-content-type-options', 'nosniff');
    done();
  });
}, { name: 'security-headers' });
