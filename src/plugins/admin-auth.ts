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
  // Unlike the partner API, an IP over its allowance is refused whatever token it sends, so
  // guessing the admin token costs a minute per ten tries. Counted in `app.attempts`: with
  // several instances (Redis) a guesser gets ten tries in all, not ten per instance. A wrong
  // token is counted before the answer is decided, so that a burst sent at once cannot read the
  // count before any of it is counted (40 guesses at once were all checked); the comparison is
  // a hash, cheap enough to make first.
  const failureKey = (ip: string) => `admin-token:${ip.includes(':') ? normalizeIP(ip, 64) : ip}`;
  app.decorate('requireAdmin', async function requireAdmin(request: FastifyRequest, reply: FastifyReply) {
    expected ??= await expectedTokenHash(app);
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = failureKey(request.ip);
    // Compare hashes of equal length, so the comparison time says nothing about the token.
    const right = expected !== null && match !== null && timingSafeEqual(sha256(match[1]!), expected);
    // A missing header is a visitor or a misconfigured script, not a guess: it is not counted.
    const guess = !right && header !== '';
    const count = guess ? await app.attempts.hit(key, 60) - 1 : await app.attempts.count(key, 60);
    if (count >= ADMIN_FAILURES_PER_MINUTE) {
      // A refused guess is not counted: the minute runs from the tenth.
      if (guess) await app.attempts.release(key, 60);
      reply.header('retry-after', 60);
      throw new TooManyAuthFailuresError();
    }
    if (!right) throw new UnauthorizedError();
  });
}, { name: 'admin-auth', dependencies: ['database', 'attempts'] });
