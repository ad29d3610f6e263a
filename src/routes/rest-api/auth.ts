// Signing in (POST /api/auth/, also /api/v2/auth/), refreshing, and the check every other
// route runs: `Authorization: JWT <token>` (or Bearer), a valid HS256 signature, not expired,
// and the auth_version it carries still the account's (one indexed read per request), so a
// password change, a sign-out everywhere or a block ends every token at once.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthenticationFailedError, ApiValidationError, NotAuthenticatedError, PermissionDeniedError, ThrottledError, TokenExpiredError } from '../../errors.js';
import { currentAuthVersion, signIn } from '../../services/accounts/credentials.js';
import { issueRefreshToken, rotateRefreshToken } from '../../services/rest-api/refresh.js';
import { tokenOf, type TokenSigner } from '../../services/rest-api/tokens.js';
import { AuthBody, RefreshBody, TokenReply } from '../../schemas/rest-api/auth.js';
import { ApiErrorReply, AUTH_ERRORS, VALIDATION_ERROR } from '../../schemas/rest-api/common.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in partner of a REST API request (set by the auth hook). */
    partnerId: number;
  }
}

export interface RestApiClock {
  /** Unix seconds; tests move it. */
  now(): number;
}

export interface AuthDeps {
  signer: TokenSigner;
  clock: RestApiClock;
}

/** The onRequest check of every protected route. */
export function authenticate(app: FastifyInstance, { signer, clock }: AuthDeps) {
  return async function check(request: FastifyRequest): Promise<void> {
    const token = tokenOf(request.headers.authorization);
    if (!token) throw new NotAuthenticatedError();
    const verified = signer.verify(token, clock.now());
    if (!verified.ok) throw verified.reason === 'expired' ? new TokenExpiredError() : new AuthenticationFailedError();
    const version = await currentAuthVersion(app.repos, verified.claims.partnerId);
    if (version !== verified.claims.authVersion) throw new AuthenticationFailedError();
    request.partnerId = verified.claims.partnerId;
  };
}

const signInErrors = {
  ...VALIDATION_ERROR,
  401: { ...ApiErrorReply, description: 'AuthenticationFailed: wrong email or password' },
  403: { ...ApiErrorReply, description: 'PermissionDenied: the partner is blocked or not yet approved' },
  429: { ...ApiErrorReply, description: 'Throttled: too many failed sign-ins from this address or for this account (see Retry-After)' },
  503: AUTH_ERRORS[503],
};

export async function authRoutes(fastify: FastifyInstance, { signer, clock }: AuthDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tokens = async (partnerId: number, authVersion: number, family?: string, refresh?: string) => ({
    token: signer.sign(partnerId, authVersion, clock.now()),
    refresh: refresh ?? await issueRefreshToken(app.repos, { partnerId, authVersion, family }, clock.now(), app.config.jwtRefreshTtl),
    expires_in: signer.ttl,
  });

  for (const url of ['/auth/', '/v2/auth/']) {
    app.post(url, {
      config: { public: true },
      schema: {
        tags: ['auth'], summary: 'Sign in: email and password to a token',
        description: 'Send the email and password of the partner account (JSON or a form; `email` may stand for `login`). '
          + 'Use the token as `Authorization: JWT <token>`. Failed attempts are throttled per address and per account, as in the cabinet.',
        body: AuthBody, response: { 200: TokenReply, ...signInErrors },
        ...(url === '/v2/auth/' ? { hide: true } : {}),
      },
    }, async (request) => {
      const login = request.body.login ?? request.body.email;
      if (!login) throw Object.assign(new ApiValidationError(), { errors: { login: ['This field is required.'] } });
      const result = await signIn({ repos: app.repos, attempts: app.attempts, passwordCost: app.config.passwordCost, now: clock.now }, login, request.body.password, request.ip);
      if (result.ok) return tokens(result.partnerId, result.authVersion);
      if (result.reason === 'throttled') throw Object.assign(new ThrottledError(), { retryAfter: result.retryAfter });
      if (result.reason === 'invalid') throw new AuthenticationFailedError();
      throw new PermissionDeniedError();
    });
  }

  app.post('/auth/refresh/', {
    config: { public: true },
    schema: {
      tags: ['auth'], summary: 'A new token for a refresh token (single use)',
      description: 'Each refresh token works once and comes back replaced. Presenting a spent one again revokes every token of its sign-in.',
      body: RefreshBody, response: { 200: TokenReply, ...VALIDATION_ERROR, 401: { ...ApiErrorReply, description: 'AuthenticationFailed' }, 503: AUTH_ERRORS[503] },
    },
  }, async (request) => {
    const rotated = await rotateRefreshToken(app.repos, request.body.refresh, clock.now(), app.config.jwtRefreshTtl);
    if (!rotated.ok) throw new AuthenticationFailedError();
    return tokens(rotated.partnerId, rotated.authVersion, undefined, rotated.refresh);
  });
}
