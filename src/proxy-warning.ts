// Behind a proxy that ratelink does not trust, every visitor has the proxy's address: one click
// limit for all, partners see one IP, and the self-referral guard cannot tell people apart.
// The first request carrying X-Forwarded-For says so once in the log.
import type { FastifyInstance } from 'fastify';

export function warnOnUntrustedForwarding(app: FastifyInstance) {
  if (app.config.trustProxy !== false) return;
  let warned = false;
  // A callback hook (every request runs it): no promise per request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!warned && request.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      request.log.warn({ remoteAddress: request.ip },
        'requests carry X-Forwarded-For but RATELINK_TRUST_PROXY is not set: every visitor gets the proxy\'s address; set RATELINK_TRUST_PROXY to the proxy\'s address (docs/deployment.md)');
    }
    done();
  });
}
