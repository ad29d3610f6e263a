// The random tokens of cookies and one-time links: 32 random bytes in base64url; only their
// sha256 is stored, so a copy of the database (a backup, a replica) signs no one in.
import { createHash, randomBytes } from 'node:crypto';

export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
