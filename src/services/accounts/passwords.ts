// Partners' passwords: scrypt from node:crypto (no native module), a random salt per password,
// the parameters stored with the hash so that raising the cost later leaves old hashes valid.
// Stored form: scrypt$<log2 N>$<r>$<p>$<salt base64url>$<key base64url>
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLEL = 1;

/** The shortest and longest password a partner may choose (bytes of UTF-8 bound the work). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

function derive(password: string, salt: Buffer, cost: number, r: number, p: number): Promise<Buffer> {
  // maxmem: scrypt needs 128·N·r bytes; Node's default of 32 MiB is below N=2^17.
  const options: ScryptOptions = { N: 2 ** cost, r, p, maxmem: 256 * 2 ** 20 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, BLOCK_SIZE, PARALLEL);
  return ['scrypt', cost, BLOCK_SIZE, PARALLEL, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; a malformed `stored` never matches. Constant time in the key. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [cost, r, p] = parts.slice(1, 4).map(Number);
  if (!Number.isInteger(cost) || cost < 1 || cost > 24 || !r || !p) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), cost!, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Why `password` cannot be used, as a message key (messages files), or null. */
export function passwordProblem(password: string): 'password_too_short' | 'password_too_long' | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (Buffer.byteLength(password) > PASSWORD_MAX_LENGTH * 4 || length > PASSWORD_MAX_LENGTH) return 'password_too_long';
  return null;
}
