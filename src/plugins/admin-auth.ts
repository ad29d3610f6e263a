// Every admin route requires `Authorization: Bearer <RATELINK_ADMIN_TOKEN>`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.js';

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

export function adminAuthHook(app: FastifyInstance) {
  let expected: Buffer | null = null;
  return async function requireAdmin(request: FastifyRequest) {
    expected ??= await expectedTokenHash(app);
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // Compare hashes of equal length, so the comparison time says nothing about the token.
    if (!expected || !match || !timingSafeEqual(sha256(match[1]), expected)) {
      throw new UnauthorizedError();
    }
  };
}
