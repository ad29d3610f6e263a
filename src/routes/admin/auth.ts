// Every admin route requires `Authorization: Bearer <RATELINK_ADMIN_TOKEN>`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TooManyAuthFailuresError, UnauthorizedError } from '../../errors.js';
import { createIpClickLimit } from '../../services/ip-click-limit.js';

export const ADMIN_TOKEN_SETTING = 'admin_token_sha256';

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The hash of the accepted token: the configured one, or the one generated for the demo. */
async function expectedTokenHash(app: FastifyInstance): Promise<Buffer | null> {
  if (app.config.adminToken) return sha256(app.config.adminToken);
  const stored = await app.repos.settings.get(ADMIN_TOKEN_SETTING);
  return stored ? Buffer.from(stored, 'hex') : null;
}

/** Wrong tokens one IP (IPv6: its /64) may present in a minute; then it is refused outright. */
export const ADMIN_FAILURES_PER_MINUTE = 10;

export function adminAuthHook(app: FastifyInstance) {
  let expected: Buffer | null = null;
  // Unlike the partner API, an IP over its allowance is refused before the token is checked,
  // so guessing the admin token costs a minute per ten tries (docs/security.md).
  const failures = createIpClickLimit(ADMIN_FAILURES_PER_MINUTE);
  return async function requireAdmin(request: FastifyRequest, reply: FastifyReply) {
    if (failures.isOver(request.ip)) {
      reply.header('retry-after', 60);
      throw new TooManyAuthFailuresError();
    }
    expected ??= await expectedTokenHash(app);
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // Compare hashes of equal length, so the comparison time says nothing about the token.
    if (!expected || !match || !timingSafeEqual(sha256(match[1]), expected)) {
      // A missing header is a visitor or a misconfigured script, not a guess.
      if (header !== '') failures.take(request.ip);
      throw new UnauthorizedError();
    }
  };
}
