// Every admin route requires `Authorization: Bearer <token>`. The accepted token has one
// source, read once when the app starts: RATELINK_ADMIN_TOKEN, or else the hash the demo
// stored when it generated a token. Wrong tokens are throttled per IP (docs/security.md).
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TooManyAuthFailuresError, UnauthorizedError } from '../errors.js';

export const ADMIN_TOKEN_SETTING = 'admin_token_sha256';

/** Wrong tokens one IP (IPv6: its /64) may present in a minute; then it is refused outright. */
export const ADMIN_FAILURES_PER_MINUTE = 10;

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook: refuses the request unless it carries the admin token. */
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The hash of the accepted token: the configured one, or the one generated for the demo. */
async function expectedTokenHash(app: FastifyInstance): Promise<Buffer | null> {
  if (app.config.adminToken) return sha256(app.config.adminToken);
  const stored = await app.repos.settings.get(ADMIN_TOKEN_SETTING);
  return stored ? Buffer.from(stored, 'hex') : null;
}

export default fp(async function adminAuth(app) {
  // Looked up at the first request: the demo stores its token after the app is built.
  let expected: Buffer | null = null;
  // Unlike the partner API, an IP over its allowance is refused before the token is checked,
  // so guessing the admin token costs a minute per ten tries. Counted in `app.attempts`: with
  // several instances (Redis) a guesser gets ten tries in all, not ten per instance.
  const failureKey = (ip: string) => `admin-token:${ip.includes(':') ? normalizeIP(ip, 64) : ip}`;
  app.decorate('requireAdmin', async function requireAdmin(request: FastifyRequest, reply: FastifyReply) {
    if (await app.attempts.count(failureKey(request.ip), 60) >= ADMIN_FAILURES_PER_MINUTE) {
      reply.header('retry-after', 60);
      throw new TooManyAuthFailuresError();
    }
    expected ??= await expectedTokenHash(app);
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // Compare hashes of equal length, so the comparison time says nothing about the token.
    if (!expected || !match || !timingSafeEqual(sha256(match[1]), expected)) {
      // A missing header is a visitor or a misconfigured script, not a guess.
      if (header !== '') await app.attempts.hit(failureKey(request.ip), 60);
      throw new UnauthorizedError();
    }
  });
}, { name: 'admin-auth', dependencies: ['database', 'attempts'] });
