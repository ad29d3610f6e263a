// Every generated identifier comes from here: referral and feed codes, visitor ids
// (user_hash), API keys and admin tokens. One alphabet without look-alike characters.
import { customAlphabet } from 'nanoid';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const make = (size: number) => customAlphabet(ALPHABET, size);

export const newReferralCode = make(8);
export const newFeedCode = make(12);
const userHashRandom = make(12);
const USER_HASH_TIME_LENGTH = 8;

/**
 * A visitor id (user_hash): 8 characters of the creation time in milliseconds, then 12 random
 * ones (70 bits). The alphabet is in ASCII order, so new ids sort by creation time and the
 * click indexes keyed by user_hash grow at their end: random ids scattered every insert over
 * the whole index, which made a click's write 3-4 times dearer as the ledger grew.
 */
export function newUserHash(now = Date.now()): string {
  let time = '';
  for (let rest = now, i = 0; i < USER_HASH_TIME_LENGTH; i++, rest = Math.floor(rest / ALPHABET.length)) {
    time = ALPHABET[rest % ALPHABET.length] + time;
  }
  return time + userHashRandom();
}
/** An API key: the first API_KEY_PREFIX_LENGTH characters are its visible, unique prefix. */
export const newApiKey = make(40);
export const newAdminToken = make(32);
export const API_KEY_PREFIX_LENGTH = 8;

/** The largest row id: PostgreSQL's integer, the type of the id columns (ids in URLs, bodies and CLI flags). */
export const MAX_ID = 2_147_483_647;

export const USER_HASH_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const CODE_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;
/** A link code that can not be issued: the cabinet's form is /partner/links/new, so a link of that code would have no page. */
export const RESERVED_LINK_CODE = 'new';
export const API_KEY_PATTERN = /^[A-Za-z0-9]{40}$/;
export const API_KEY_PREFIX_PATTERN = /^[A-Za-z0-9]{8}$/;

export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX_LENGTH);
}
