// A secret shown once on the page a form redirects to (a new API key, a new webhook's signing
// secret). The form answers 303, so that reloading the page never creates another key; the
// secret rides to that page in a short-lived cookie, sealed (AES-256-GCM) with a key derived
// from the browser's own session token. Nothing is stored on the server (keys are kept hashed),
// the cookie alone opens nothing, and the page that opens it clears it: a reload shows no secret.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './context.js';

const COOKIE = 'ratelink_once';
/** Long enough for a slow redirect, short enough that a forgotten tab's cookie is gone. */
const LIFETIME_SECONDS = 300;
const COOKIE_OPTIONS = { path: '/partner', httpOnly: true, sameSite: 'strict', secure: 'auto' } as const;

export type OnceKind = 'api_key' | 'webhook_secret';

interface Sealed { kind: OnceKind; id: string; value: string; until: number }

/** Carries `value` to the next page of this session, for `kind` and `id` (the key's prefix, the endpoint's id). */
export function carryOnce(request: FastifyRequest, reply: FastifyReply, kind: OnceKind, id: string | number, value: string, now: number): void {
  const session = request.cookies[SESSION_COOKIE];
  if (session === undefined) return;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(session), iv);
  const plain: Sealed = { kind, id: String(id), value, until: now + LIFETIME_SECONDS };
  const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
  reply.setCookie(COOKIE, Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'), { ...COOKIE_OPTIONS, maxAge: LIFETIME_SECONDS });
}

/** The value carried for `kind` and `id` in this session, once; the cookie is cleared whatever it held. */
export function takeOnce(request: FastifyRequest, reply: FastifyReply, kind: OnceKind, id: string | number | null, now: number): string | null {
  const sealed = request.cookies[COOKIE];
  if (sealed === undefined) return null;
  reply.clearCookie(COOKIE, COOKIE_OPTIONS);
  const session = request.cookies[SESSION_COOKIE];
  const opened = session === undefined || id === null ? null : open(sealed, session);
  if (!opened || opened.kind !== kind || opened.id !== String(id) || opened.until < now) return null;
  return opened.value;
}

function open(sealed: string, session: string): Sealed | null {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < 29) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(session), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as Sealed;
  } catch {
    return null; // another session's, altered, or not ours
  }
}

function keyOf(session: string): Buffer {
  return Buffer.from(hkdfSync('sha256', session, '', 'ratelink shown-once v1', 32));
}
