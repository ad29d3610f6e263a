// The REST API's access tokens: JWTs signed with HS256 and nothing else. The header is fixed,
// so verification compares it byte for byte: a token that names another algorithm ("none",
// RS256 with our key as a public key) is refused before anything else is read. node:crypto's
// HMAC is all HS256 needs; a library would add its own algorithm switch to pin.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Repos } from '../../db/repos.js';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
export const JWT_SECRET_SETTING = 'rest_api_jwt_secret';

export interface AccessClaims {
  partnerId: number;
  /** partner_accounts.auth_version when issued: a password change or a block ends the token. */
  authVersion: number;
  exp: number;
}

export type Verified = { ok: true; claims: AccessClaims } | { ok: false; reason: 'expired' | 'invalid' };

export interface TokenSigner {
  sign(partnerId: number, authVersion: number, now: number): string;
  verify(token: string, now: number): Verified;
  ttl: number;
}

export function createTokenSigner(key: Buffer, ttl: number): TokenSigner {
  const mac = (text: string) => createHmac('sha256', key).update(text).digest();
  return {
    ttl,
    sign(partnerId, authVersion, now) {
      const payload = Buffer.from(JSON.stringify({ sub: String(partnerId), ver: authVersion, iat: now, exp: now + ttl })).toString('base64url');
      const body = `${HEADER}.${payload}`;
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token, now) {
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'invalid' };
      // Compared as text, as the header is: base64url decoding skips stray characters, padding
      // and unused low bits, so the bytes alone would accept many spellings of one token.
      const given = Buffer.from(parts[2]!);
      const expected = Buffer.from(mac(`${parts[0]}.${parts[1]}`).toString('base64url'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
      let claims: { sub?: unknown; ver?: unknown; exp?: unknown };
      try {
        claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as typeof claims;
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      const partnerId = Number(claims.sub);
      if (!Number.isSafeInteger(partnerId) || typeof claims.ver !== 'number' || typeof claims.exp !== 'number') return { ok: false, reason: 'invalid' };
      if (claims.exp <= now) return { ok: false, reason: 'expired' };
      return { ok: true, claims: { partnerId, authVersion: claims.ver, exp: claims.exp } };
    },
  };
}

/**
 * The signing key: RATELINK_JWT_SECRET; else derived from RATELINK_SECRET (HKDF, so the two
 * uses of one secret never share a key); else generated once and kept in settings, where
 * every instance on the database finds the same one (`generated` says so, for a warning).
 */
export async function resolveJwtKey(config: Pick<Config, 'jwtSecret' | 'secret'>, repos: Repos): Promise<{ key: Buffer; generated: boolean }> {
  if (config.jwtSecret) return { key: Buffer.from(config.jwtSecret, 'utf8'), generated: false };
  if (config.secret) return { key: Buffer.from(hkdfSync('sha256', config.secret, '', 'ratelink rest-api jwt', 32)), generated: false };
  const kept = await repos.settings.setIfAbsent(JWT_SECRET_SETTING, randomBytes(32).toString('base64url'));
  return { key: Buffer.from(kept, 'base64url'), generated: true };
}

/** The token of an Authorization header: `JWT <token>` (seed 001) or `Bearer <token>`; null when absent or another scheme. */
export function tokenOf(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(?:JWT|Bearer)\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
