// The visitor cookie, signed: `<id>_<signature>`, the id a user_hash from ids.ts and the
// signature an HMAC of it under the server's secret. Only a value this server signed is kept
// as the visitor's id, so a partner can not replay another visitor's id to take them over;
// partners see a keyed pseudonym of the id, never the id or the cookie (docs/security.md).
//
// Cookies from before signing (plain ids) are never extended: /ref replaces them with a signed
// one. An exchange reported with such a plain id is still attributed, from the clicks recorded
// before signing began, until the cookie lifetime has passed since then.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Repos } from '../../db/repos.js';
import { newUserHash, USER_HASH_PATTERN } from '../../ids.js';
import { createHmacPrefix, createShortHmac } from './short-hmac.js';

export const VISITOR_SECRET_SETTING = 'visitor_secret';
export const SIGNING_SINCE_SETTING = 'visitor_signing_since';

const ID_LENGTH = 20;
const SIGNATURE_LENGTH = 22; // 16 bytes of HMAC-SHA256 in base64url
/** ~13 MB at most: ten pages of 10,000 rows. */
const REMEMBERED_PSEUDONYMS = 100_000;
const SIGNED = new RegExp(`^[A-Za-z0-9]{${ID_LENGTH}}_[A-Za-z0-9_-]{${SIGNATURE_LENGTH}}$`);

/** A visitor as an exchange report names them: the id, and whether only pre-signing clicks count. */
export interface ReportedVisitor {
  userHash: string;
  /** Set for a plain (pre-signing) id: only clicks at or before this unix second attribute. */
  clickedUpTo?: number;
}

export interface VisitorIds {
  /** The visitor id of a cookie this server signed, else null (absent, plain, forged). */
  readCookie(value: string | undefined): string | null;
  /** A new visitor: its id and the cookie value that carries it. */
  issue(): { userHash: string; cookie: string };
  /** The cookie value for an id. */
  cookieFor(userHash: string): string;
  /** What an exchange report's user_hash is worth: a verified id, a still-valid plain id, or null. */
  readReported(value: string, now: number): ReportedVisitor | null;
  /** The short, stable name under which `partnerId` sees visitor `userHash` (8 hex digits). */
  pseudonym(partnerId: number, userHash: string): string;
}

/** The secret (RATELINK_SECRET, else generated once and kept in settings) and the signing start. */
export async function loadVisitorIds(repos: Repos, config: Pick<Config, 'secret' | 'cookieDays'>, now: number): Promise<VisitorIds> {
  const secret = config.secret
    ?? await repos.settings.setIfAbsent(VISITOR_SECRET_SETTING, randomBytes(32).toString('base64url'));
  const since = Number(await repos.settings.setIfAbsent(SIGNING_SINCE_SETTING, String(now)));
  return createVisitorIds(secret, since, config.cookieDays);
}

export function createVisitorIds(secret: string, since: number, cookieDays: number): VisitorIds {
  const cookieKey = derive(secret, 'ratelink visitor cookie');
  const pseudonymOf = createShortHmac(derive(secret, 'ratelink visitor pseudonym'), 8);
  const sign = createHmacPrefix(cookieKey, 16);
  const cookieFor = (userHash: string) => `${userHash}_${sign(userHash)}`;
  // A partner polling its last day re-reads, a minute later, the rows it read before: their
  // pseudonyms are remembered (the oldest forgotten first), not hashed again.
  const pseudonyms = new Map<string, string>();

  function readCookie(value: string | undefined): string | null {
    if (value === undefined || !SIGNED.test(value)) return null;
    const id = value.slice(0, ID_LENGTH);
    const given = Buffer.from(value.slice(ID_LENGTH + 1));
    return timingSafeEqual(given, Buffer.from(sign(id))) ? id : null;
  }

  return {
    readCookie,
    cookieFor,
    issue() {
      const userHash = newUserHash();
      return { userHash, cookie: cookieFor(userHash) };
    },
    readReported(value, now) {
      if (SIGNED.test(value)) {
        const id = readCookie(value);
        return id === null ? null : { userHash: id };
      }
      const legacy = USER_HASH_PATTERN.test(value) && now < since + cookieDays * 86_400;
      return legacy ? { userHash: value, clickedUpTo: since } : null;
    },
    pseudonym(partnerId, userHash) {
      const message = `${partnerId}:${userHash}`;
      let name = pseudonyms.get(message);
      if (name === undefined) {
        name = pseudonymOf(message);
        if (pseudonyms.size >= REMEMBERED_PSEUDONYMS) pseudonyms.delete(pseudonyms.keys().next().value!);
        pseudonyms.set(message, name);
      }
      return name;
    },
  };
}

function derive(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose).digest();
}
