// GET/POST /service/partner/api.php?api_action=pp&api_key=KEY&method=NAME (docs/seeds/004-partner-integration.en.txt).
// Every answer is the envelope {"status","error","error_text","data"} with HTTP 200, even
// for unreadable bodies and schema errors; only throttling answers 429 (with Retry-After).
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { ApiBodySchema, ApiParamsSchema, EnvelopeSchema } from '../schemas/partner-api.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { SchemaValidationError } from '../errors.js';
import { errorReply, successEnvelope } from '../services/partner-api/envelope.js';
import { assertReadOnlyAllowed, callMethod } from '../services/partner-api/methods.js';
import { serializeEnvelope } from '../services/partner-api/serialize.js';
import { createApiGuard } from './partner-api-guard.js';
import fp from 'fastify-plugin';

const BODY_LIMIT = 16 * 1024;

/** The first schema violation in words a partner can act on, e.g. "api_key must be string". */
function describeSchemaError(errors: FastifySchemaValidationError[], part: string) {
  const first = errors[0];
  if (part === 'body' && (first?.instancePath ?? '') === '') return new SchemaValidationError('Invalid parameter: the body must be a form or a JSON object');
  const name = first?.instancePath.replace(/^\//, '') || part;
  return new SchemaValidationError(`Invalid parameter: ${name} ${first?.message ?? 'is invalid'}`);
}

const PARAMS: ReadonlySet<string> = new Set(Object.keys(ApiParamsSchema.properties));

/**
 * A parameter is text, and JSON numbers are read as the text they were (PHP's json_encode sends
 * ids and amounts as numbers); Ajv would read anything else as text too. Past 2^53 JavaScript
 * has already lost digits (an account 41111111111111111111 became 41111111111111110000), and
 * true or false is no value of any parameter (a payout went to the account "true"): both are
 * refused, naming the parameter, rather than used changed. Other members are ignored as before.
 */
async function refuseMisreadValues(request: FastifyRequest) {
  if (request.body === null || typeof request.body !== 'object') return;
  for (const [name, value] of Object.entries(request.body)) {
    if (!PARAMS.has(name)) continue;
    if (typeof value === 'boolean') throw new SchemaValidationError(`Invalid parameter: ${name} must be a string or a number`);
    if (typeof value === 'number' && (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value)))) {
      throw new SchemaValidationError(`Invalid parameter: ${name} must be sent as a string: a number this long loses digits`);
    }
  }
}

export default fp(async function partnerApiRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  // With Redis every instance counts into one store (60 a minute across all, not per instance);
  // if Redis fails the request goes through: a fair-use quota, and guessing a key is hopeless anyway.
  await app.register(rateLimit, {
    global: false,
    ...(app.redis ? { redis: app.redis, nameSpace: `${app.config.redisKeyPrefix}rl:`, skipOnError: true } : {}),
  });

  // Balances, payouts and visitors' data: no cache (browser, proxy) may keep a copy.
  app.addHook('onRequest', async (_request, reply) => { reply.header('cache-control', 'no-store'); });
  app.addHook('preValidation', refuseMisreadValues);
  app.setErrorHandler((error, request, reply) => {
    const answer = errorReply(error);
    if (answer.internal) request.log.error({ err: error }, 'partner API failure');
    if (answer.retryAfter !== undefined) reply.header('retry-after', answer.retryAfter);
    return reply.code(answer.httpStatus).send(answer.envelope);
  });

  // Premium Exchanger 2.x clients call /api.html with the same parameters.
  const urls = ['/service/partner/api.php', '/api.html'];
  const shared = {
    // `items` must keep newest-first order in the JSON text, which no schema serializer can
    // do for integer keys; see services/partner-api/serialize.ts.
    serializerCompiler: () => serializeEnvelope,
    preHandler: createApiGuard(app),
    schemaErrorFormatter: describeSchemaError,
  };
  const response = { 200: EnvelopeSchema, 429: EnvelopeSchema };
  const handler = async (request: FastifyRequest) => {
    const { params, partner, now } = request.partnerApi!;
    assertReadOnlyAllowed(request.method, params.method);
    return successEnvelope(await callMethod(params.method, { repos: app.repos, config: app.config, visitors: app.visitors, partner, params, now }));
  };
  // GET (and HEAD) as the seed documents; POST with a form or JSON body as PHP clients send.
  for (const url of urls) {
    app.get(url, { ...shared, schema: { querystring: ApiParamsSchema, response } }, handler);
    app.post(url, {
      ...shared,
      bodyLimit: BODY_LIMIT,
      // null: a POST without a body, its parameters in the query string.
      schema: { querystring: ApiParamsSchema, body: ApiBodySchema, response },
    }, handler);
  }
}, { name: 'partner-api', dependencies: ['database', 'error-handler'], encapsulate: true });
