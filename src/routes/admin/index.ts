// The operator's JSON API under /admin/. Each area adds its routes in a file of its own.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { RouteNotFoundError } from '../../errors.js';
import { errorBody } from '../../plugins/error-handler.js';
import directionRoutes from './directions.js';
import exchangeRoutes from './exchanges.js';
import feedRoutes from './feeds.js';
import keyRoutes from './keys.js';
import linkRoutes from './links.js';
import partnerAccountRoutes from './partner-accounts.js';
import partnerRoutes from './partners.js';
import payoutMethodRoutes from './payout-methods.js';
import payoutRoutes from './payouts.js';
import webhookRoutes from './webhooks.js';
import { refuseLooseIntegers } from './strict-integers.js';
import { refuseNulCharacters } from './nul-characters.js';
import { NO_FIELDS } from '../../schemas/common.js';

export default fp(async function adminRoutes(app: FastifyInstance) {
  app.addHook('onRequest', async (_request, reply) => { reply.header('cache-control', 'no-store'); });
  app.addHook('onRequest', app.requireAdmin);
  // Behind the token like every admin route: a 404 without it would tell which routes exist.
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(new RouteNotFoundError(request.method, request.url.split('?')[0])));
  });
  // JSON only (and XML where a route adds it): a text body is refused with what to send.
  app.removeContentTypeParser('text/plain');
  // `curl -X POST .../keys` without a body is the usual call: validate it as {}.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && request.body === undefined) request.body = {};
  });
  app.addHook('preValidation', refuseLooseIntegers);
  app.addHook('preValidation', refuseNulCharacters);
  // Unknown fields are refused (docs/admin-api.md), also by a route that takes none: a typo in a
  // POST body, or ?limit= on a list that has no pages, is a 400 rather than silently ignored.
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.schema.hide) return;
    route.schema.querystring ??= NO_FIELDS;
    if (route.method === 'POST') route.schema.body ??= NO_FIELDS;
  });
  // The admin API's own OpenAPI document and page (/admin/schema/, /admin/schema/json), behind
  // the admin token like every admin route; RATELINK_ADMIN_SCHEMA=0 leaves them out.
  if (app.config.adminSchema) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'ratelink admin API', version: '1.0.0', description: 'The operator\'s API: `Authorization: Bearer <RATELINK_ADMIN_TOKEN>`.' },
        components: { securitySchemes: { admin: { type: 'http', scheme: 'bearer' } } },
        security: [{ admin: [] }],
      },
    });
    // indexPrefix: at /admin/schema (no slash) the page linked its assets under /schema/static/.
    await app.register(swaggerUi, { routePrefix: '/schema', indexPrefix: app.prefix, staticCSP: true });
  }
  await app.register(partnerRoutes);
  await app.register(partnerAccountRoutes);
  await app.register(keyRoutes);
  await app.register(linkRoutes);
  await app.register(feedRoutes);
  await app.register(directionRoutes);
  await app.register(exchangeRoutes);
  await app.register(payoutMethodRoutes);
  await app.register(payoutRoutes);
  await app.register(webhookRoutes);
}, { name: 'admin', dependencies: ['admin-auth', 'error-handler'], encapsulate: true });
