// Every admin route requires `Authorization: Bearer <token>`. The accepted token has one
// source, read once when the app starts: RATELINK_ADMIN_TOKEN, or else the hash the demo
// stored when it generated a token.
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.js';

export const ADMIN_TOKEN_SETTING = 'admin_token_sha256';

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook: refuses the request unless it carries the admin token. */
    requireAdmin: (request: FastifyRequest) => Promise<void>;
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
  app.decorate('requireAdmin', async function requireAdmin(request: FastifyRequest) {
    expected ??= await expectedTokenHash(app);
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // Compare hashes of equal length, so the comparison time says nothing about the token.
    if (!expected || !match || !timingSafeEqual(sha256(match[1]), expected)) {
      throw new UnauthorizedError();
    }
  });
}, { name: 'admin-auth', dependencies: ['database'] });
