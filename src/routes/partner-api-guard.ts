// The partner API's gate, run before every method: api_action, the key, rate limits, the
// partner's status. Rate-limit store keys never hold the api_key: a key is counted under its
// row id, a bad-key guesser under its IP (IPv6 by /64, so rotating addresses does not help).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeIP } from '@fastify/rate-limit';
import { assertPartnerActive, recordKeyUse } from '../services/partner-api/auth.js';
import { findActiveKey } from '../services/partners/api-keys.js';
import { ApiActionError, InvalidKeyError, MissingKeyError, tooManyRequests } from '../errors.js';
import type { ApiParams } from '../services/partner-api/params.js';
import type { ApiCall } from '../services/partner-api/methods.js';

/** What the guard hands the handler: the part of a method call (services/partner-api/methods.ts) the request decides. */
export type ApiContext = Pick<ApiCall, 'params' | 'partner' | 'now'>;

declare module 'fastify' {
  interface FastifyRequest {
    partnerApi: ApiContext | null;
    partnerApiKeyId: number | null;
  }
}

const MINUTE = 60_000;

/**
 * GET query and POST body (form or JSON) as one set of parameters; the body wins. The key may
 * also come in an `X-API-Key` header, which stays out of URLs and so out of access logs. An
 * empty value is absent (services/partner-api/params.ts), so it hides no value given elsewhere.
 */
export function requestParams(request: FastifyRequest): ApiParams {
  const body = request.body !== null && typeof request.body === 'object' ? request.body as ApiParams : {};
  const header = request.headers['x-api-key'];
  const given = (source: object) => Object.entries(source).filter(([, value]) => typeof value !== 'string' || value.trim() !== '');
  return Object.fromEntries([...(typeof header === 'string' ? [['api_key', header]] : []), ...given(request.query as object), ...given(body)]) as ApiParams;
}

export function createApiGuard(app: FastifyInstance) {
  const { repos, config } = app;
  app.decorateRequest('partnerApi', null);
  app.decorateRequest('partnerApiKeyId', null);
  // Counts only requests with a wrong key, and throttles only those: a valid key always
  // authenticates (its own per-key limit applies), so neighbours behind one NAT or /64 can not
  // lock a partner out. Guessing stays hopeless: keys carry over 190 random bits.
  const badKeys = app.createRateLimit({
    max: config.apiBadKeyLimit, timeWindow: MINUTE, keyGenerator: (req) => `bad-key:${normalizeIP(req.ip, 64)}`,
  });
  const perKey = app.createRateLimit({
    max: config.apiRateLimit, timeWindow: MINUTE, keyGenerator: (req) => `key:${req.partnerApiKeyId}`,
  });

  return async function guardPartnerApi(request: FastifyRequest, reply: FastifyReply) {
    const params = requestParams(request);
    if (params.api_action !== 'pp') throw new ApiActionError();
    const apiKey = params.api_key?.trim();
    if (!apiKey) throw new MissingKeyError();

    const found = await findActiveKey(repos, apiKey);
    if (!found) {
      const guesses = await badKeys(request);
      if (!guesses.isAllowed && guesses.isExceeded) throw tooManyRequests(guesses.ttlInSeconds);
      throw new InvalidKeyError();
    }

    const { key, partner } = found;
    request.partnerApiKeyId = key.id;
    const quota = await perKey(request);
    if (!quota.isAllowed) {
      reply.header('x-ratelimit-limit', quota.max);
      reply.header('x-ratelimit-remaining', quota.remaining);
      reply.header('x-ratelimit-reset', quota.ttlInSeconds);
      if (quota.isExceeded) throw tooManyRequests(quota.ttlInSeconds);
    }

    assertPartnerActive(partner);
    const now = Math.floor(Date.now() / 1000);
    await recordKeyUse(repos, key, request.ip, now);
    request.partnerApi = { params, partner, now };
  };
}
