// The partner REST API (issue 15, seed 001): /api/auth/ turns an email and a password into a
// JWT, every other route wants `Authorization: JWT <token>`, every error is {"detail","code"}
// from the seed's table, and /api/schema/ is the OpenAPI document's "try it out" page. An
// area of its own: its error handlers, parsers and hooks stay inside it.
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiNotFoundError, NotAcceptableError } from '../../errors.js';
import { createTokenSigner, resolveJwtKey } from '../../services/rest-api/tokens.js';
import { authenticate, authRoutes, type RestApiClock } from './auth.js';
import { installErrorHandlers, sendApiError, toApiError } from './errors.js';
import { UNSUPPORTED_MEDIA_TYPE } from '../../schemas/rest-api/common.js';
import { partnerRoutes } from './partner.js';
import { reportRoutes } from './reports.js';
import { accountRoutes } from './account.js';
import { linkRoutes } from './links.js';
import { webhookRoutes } from './webhooks.js';
import { refuseLooseTypes } from './strict-types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The REST API's clock (unix seconds): token lifetimes and default periods; tests move it. */
    restApiClock: RestApiClock;
  }
  interface FastifyContextConfig {
    /** A REST API route anyone may call (sign-in, refresh). */
    public?: boolean;
    /** A REST API route that can answer CSV (Accept: text/csv or ?format=csv). */
    csv?: boolean;
  }
}

const BODY_LIMIT = 16 * 1024;

// The "try it out" page's policy: everything from this origin. Not @fastify/swagger-ui's own
// (`staticCSP: true`), whose upgrade-insecure-requests left the page blank on a plain-HTTP site
// other than localhost (every asset asked for over https://), and which allowed styles and
// fonts from any https: origin and images from validator.swagger.io.
const SCHEMA_PAGE_CSP = "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; form-action 'self'; "
  + "frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self'";

/** Whether the Accept header allows JSON (or CSV where the route has it); no header allows anything. */
export function acceptable(accept: string | undefined, csv: boolean): boolean {
  if (!accept) return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    if (params.some((p) => /^q=0(\.0*)?$/.test(p))) return false;
    return type === '*/*' || type === 'application/*' || type === 'application/json' || (csv && (type === 'text/csv' || type === 'text/*'));
  });
}

const DOCUMENT = {
  openapi: {
    openapi: '3.0.3',
    info: {
      title: 'ratelink partner API',
      version: '1.0.0',
      description: 'Everything of the partner\'s personal area over HTTP. Sign in with POST /api/auth/ (email and password), '
        + 'click **Authorize** and enter `JWT <token>`. Errors are `{"detail", "code"}`; amounts are exact decimal strings; times unix seconds (UTC).',
    },
    components: {
      securitySchemes: {
        JWT: { type: 'apiKey' as const, in: 'header', name: 'Authorization', description: 'Enter `JWT <token>` (the token of POST /api/auth/); `Bearer <token>` works too.' },
      },
    },
    tags: [
      { name: 'auth', description: 'Signing in' },
      { name: 'partner', description: 'The partner\'s summary' },
      { name: 'reports', description: 'Clicks, exchanges, ledger entries and payouts, per row or grouped; JSON or CSV' },
      { name: 'payouts', description: 'Requesting and cancelling payouts' },
      { name: 'keys', description: 'Keys of the legacy api.php' },
      { name: 'links', description: 'Promotion links: create, change, archive, and their numbers by day' },
      { name: 'webhooks', description: 'Your signed webhook endpoints (Standard Webhooks) and their delivery logs' },
      { name: 'postbacks', description: 'Postbacks to your tracker: URL templates with macros' },
    ],
  },
};

async function api(app: FastifyInstance, { clock }: { clock: RestApiClock }) {
  const { key, generated } = await resolveJwtKey(app.config, app.repos);
  if (generated && !app.config.demo) app.log.warn('RATELINK_JWT_SECRET is unset: the REST API signs tokens with a key kept in the database; set it (or RATELINK_SECRET)');
  const signer = createTokenSigner(key, app.config.jwtTtl);
  installErrorHandlers(app);
  // JSON and forms, as DRF's default parsers, at most BODY_LIMIT: anything else is an UnsupportedMediaType.
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= BODY_LIMIT;
    // Every method that may carry a body may carry one of another type: the document says so.
    const response = route.schema?.response as Record<string, unknown> | undefined;
    if (response && [route.method].flat().some((m) => m !== 'GET' && m !== 'HEAD')) route.schema!.response = { ...response, ...UNSUPPORTED_MEDIA_TYPE };
  });
  app.removeContentTypeParser('text/plain');
  await app.register(formbody);
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    reply.header('cache-control', 'no-store');
    if (!acceptable(request.headers.accept, request.routeOptions.config.csv === true)) throw new NotAcceptableError();
  });
  app.addHook('preValidation', refuseLooseTypes);
  const check = authenticate(app, { signer, clock });
  app.addHook('onRequest', async (request) => {
    if (!request.is404 && request.routeOptions.config.public !== true) await check(request);
  });
  await app.register(authRoutes, { signer, clock });
  await app.register(partnerRoutes, { clock });
  await app.register(reportRoutes, { clock });
  await app.register(accountRoutes, { clock });
  await app.register(linkRoutes, { clock });
  await app.register(webhookRoutes, { clock });
}

async function restApi(app: FastifyInstance) {
  // A malformed or over-long URL matches no route: a NotFound all the same, in the API's shape.
  app.claimBadUrls(/^\/api(\/|$|\?)/, (request, reply) => sendApiError(reply, toApiError(new ApiNotFoundError(), request)!));
  await app.register(swagger, DOCUMENT);
  await app.register(swaggerUi, {
    routePrefix: '/api/schema',
    staticCSP: SCHEMA_PAGE_CSP,
    uiConfig: { persistAuthorization: true, deepLinking: true, tryItOutEnabled: false },
    uiHooks: {
      // The document itself at /api/schema/?format=openapi (drf-yasg's spelling).
      onRequest: (request, reply, done) => {
        const { format } = request.query as { format?: string };
        if (format === 'openapi' || format === 'json') reply.send(app.swagger());
        else done();
      },
    },
  });
  app.get('/api/schema.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(api, { prefix: '/api', clock: app.restApiClock });
}

export default fp(async function restApiPlugin(app: FastifyInstance) {
  app.decorate('restApiClock', { now: () => Math.floor(Date.now() / 1000) });
  await app.register(restApi);
}, { name: 'rest-api', dependencies: ['config', 'error-handler', 'database', 'attempts'] });
