// Every generated identifier comes from here: referral and feed codes, visitor ids
// (user_hash), API keys and admin tokens. One alphabet without look-alike characters.
import { customAlphabet } from 'nanoid';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const make = (size: number) => customAlphabet(ALPHABET, size);

export const newReferralCode = make(8);
export const newFeedCode = make(12);
export const newUserHash = make(16);
/** An API key: the first API_KEY_PREFIX_LENGTH characters are its visible, unique prefix. */
export const newApiKey = make(40);
export const newAdminToken = make(32);
export const API_KEY_PREFIX_LENGTH = 8;

export const USER_HASH_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const CODE_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;
export const API_KEY_PATTERN = /^[A-Za-z0-9]{40}$/;

export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX_LENGTH);
}
