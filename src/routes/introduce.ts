// POST /v1/api/introduce/create: the broker CRM's "add a promotion link" (seed 002; docs/promotion-links.md).
// Headers x-api-tenantId, x-api-token (a partner's api.php key), x-language. Every answer,
// even to an unreadable, mistyped or oversized body, is the seed's envelope: no Fastify or
// admin error shape leaks from this plugin.
import rateLimit from '@fastify/rate-limit';
import { normalizeIP } from '@fastify/rate-limit';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { PartnerRow } from '../db/repos.js';
import { BadBodyError, InvalidKeyError, MissingKeyError, PartnerBlockedError, TenantMismatchError, tooManyRequests } from '../errors.js';
import { recordKeyUse } from '../services/partner-api/auth.js';
import { findActiveKey } from '../services/partners/api-keys.js';
import { introduceFailure, introduceSuccess } from '../services/introduce/envelope.js';
import { toIntroduceData, toLinkInput, type IntroduceBody } from '../services/introduce/mapping.js';
import { insertPromotionLink } from '../services/promotion-links/links.js';

const BODY_LIMIT = 16 * 1024;
const MINUTE = 60_000;

// Checked by toLinkInput, not here: inside a union Fastify's Ajv coerces "428" to 428 (or 100
// to "100") before the next branch is tried, and these fields are echoed as sent; a text field
// would take true as "true" (a link to /true).
const asSent = (description: string) => Type.Optional(Type.Unknown({ description }));

// The seed's body; ints may come as strings (its own sample sends "leverage":"100").
const IntroduceBodySchema = Type.Object({
  name: Type.Optional(Type.Unknown()),
  entityNo: asSent('a string of at most 64 characters, or null'),
  introduceType: Type.Union([Type.Literal('Agent'), Type.Literal('StraightGuest')]),
  visibleType: Type.Union([Type.Literal('UserAllVisible'), Type.Literal('UserPartVisible'), Type.Literal('UserNotVisible')]),
  visibleUserId: Type.Optional(Type.Union([Type.Array(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[1-9][0-9]{0,15}$' })]), { maxItems: 100 }), Type.Null()])),
  targetUrl: asSent('a string of at most 2000 characters, or null'),
  parameterType: Type.Optional(Type.Union([Type.Literal('uid'), Type.Literal('pid'), Type.Literal('sid'), Type.Null()])),
  serverId: asSent('a string or an integer'),
  vendor: asSent('a string or a boolean'),
  mtGroup: asSent('a string'),
  accountGroup: asSent('a string or an integer'),
  leverage: asSent('a string or an integer'),
  ownerType: asSent('a string'),
  ownerId: asSent('a string or an integer'),
  ownerName: asSent('a string'),
}, { additionalProperties: true });

declare module 'fastify' {
  interface FastifyRequest {
    introducePartner: PartnerRow | null;
  }
}

export default fp(async function introduceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;
  const origin = new URL(config.siteUrl).origin;
  await app.register(rateLimit, { global: false });
  app.decorateRequest('introducePartner', null);
  // JSON only (docs/promotion-links.md): Fastify's text/plain parser would hand the schema a
  // string, answered "expected object" instead of the envelope's RL_BAD_BODY.
  app.removeContentTypeParser('text/plain');
  const badKeys = app.createRateLimit({ max: config.apiBadKeyLimit, timeWindow: MINUTE, keyGenerator: (req) => `introduce-bad-key:${normalizeIP(req.ip, 64)}` });
  const perKey = app.createRateLimit({ max: config.apiRateLimit, timeWindow: MINUTE, keyGenerator: (req) => `introduce-key:${req.introducePartner?.id}` });

  app.addHook('onRequest', async (_request, reply) => { reply.header('cache-control', 'no-store'); });
  app.setErrorHandler((error, request, reply) => {
    const answer = introduceFailure(error, request.headers['x-language'], origin, config.partnerLinkLimit);
    if (answer.internal) request.log.error({ err: error }, 'introduce/create failure');
    if (answer.retryAfter !== undefined) reply.header('retry-after', answer.retryAfter);
    return reply.code(answer.httpStatus).send(answer.body);
  });

  // Before the body is read: who calls decides whether it is read at all.
  async function authenticate(request: FastifyRequest) {
    if (header(request, 'x-api-tenantid') !== config.tenantId) throw new TenantMismatchError();
    const token = header(request, 'x-api-token');
    if (token === '') throw new MissingKeyError();
    const found = await findActiveKey(repos, token);
    if (!found) {
      const guesses = await badKeys(request);
      if (!guesses.isAllowed && guesses.isExceeded) throw tooManyRequests(guesses.ttlInSeconds);
      throw new InvalidKeyError();
    }
    request.introducePartner = found.partner;
    const quota = await perKey(request);
    if (!quota.isAllowed && quota.isExceeded) throw tooManyRequests(quota.ttlInSeconds);
    if (found.partner.status !== 'active') throw new PartnerBlockedError();
    await recordKeyUse(repos, found.key, request.ip, unixNow());
  }

  app.post('/v1/api/introduce/create', {
    onRequest: authenticate,
    bodyLimit: BODY_LIMIT,
    schema: { body: IntroduceBodySchema },
  }, async (request) => {
    const partner = request.introducePartner!;
    const row = await insertPromotionLink(repos, config, partner.id, toLinkInput(request.body as IntroduceBody), unixNow());
    return introduceSuccess(toIntroduceData(config, row));
  });

  // Another method on this URL is answered in the envelope too (not the admin API's 404 shape).
  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: '/v1/api/introduce/create',
    handler: async (request, reply) => { reply.header('allow', 'POST'); throw new BadBodyError(`${request.method} is not served here: send POST with a JSON body`); },
  });
}, { name: 'introduce', dependencies: ['database', 'error-handler'], encapsulate: true });

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

const unixNow = () => Math.floor(Date.now() / 1000);
