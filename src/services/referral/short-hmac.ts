// HMAC-SHA256 of short ASCII messages under one fixed key, for the visitor pseudonyms that
// api.php and the REST API render on every row (a page holds up to 10,000) and the visitor
// cookie's signature that /ref checks or makes on every click. node:crypto's
// createHmac costs ~4 µs a call, mostly setting up native objects and hashing the padded key
// again; here the key's two padded blocks are hashed once (RFC 2104's precomputable inner and
// outer states), leaving two SHA-256 block compressions (FIPS 180-4 §6.2) per message.
// Anything longer than one block, or not ASCII, goes through createHmac: same digest either way.
import { createHmac } from 'node:crypto';

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BLOCK = 64;
/** The longest message that fits one block with SHA-256's 0x80 byte and 8-byte length. */
const MAX_ONE_BLOCK = BLOCK - 9;

const schedule = new Int32Array(64);

/** One SHA-256 compression of the 16-word `block` into `state`, the result written to `out`. */
function compress(state: Int32Array, block: Int32Array, out: Int32Array): void {
  const w = schedule;
  for (let i = 0; i < 16; i++) w[i] = block[i];
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15];
    const b = w[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  out[0] = (state[0] + a) | 0; out[1] = (state[1] + b) | 0; out[2] = (state[2] + c) | 0; out[3] = (state[3] + d) | 0;
  out[4] = (state[4] + e) | 0; out[5] = (state[5] + f) | 0; out[6] = (state[6] + g) | 0; out[7] = (state[7] + h) | 0;
}

/** The state after hashing the key's block XOR `pad` (the key is at most one block: ours are 32 bytes). */
function paddedKeyState(key: Buffer, pad: number): Int32Array {
  const words = new Int32Array(16);
  for (let i = 0; i < BLOCK; i++) words[i >> 2] |= ((key[i] ?? 0) ^ pad) << (24 - 8 * (i & 3));
  const state = new Int32Array(8);
  compress(IV, words, state);
  return state;
}

/**
 * HMAC-SHA256 under `key` of a message that fits one block (ASCII, at most 55 characters): the
 * digest's eight big-endian words, in a buffer every call reuses; null for any other message.
 */
export function createBlockHmac(key: Buffer): (message: string) => Int32Array | null {
  if (key.length > BLOCK) throw new Error('short-hmac: keys longer than one block are hashed first; not needed here');
  const inner = paddedKeyState(key, 0x36);
  const outer = paddedKeyState(key, 0x5c);
  const block = new Int32Array(16);
  const digest = new Int32Array(8);

  return function blockHmac(message: string): Int32Array | null {
    const n = message.length;
    if (n > MAX_ONE_BLOCK || !isAscii(message)) return null;
    block.fill(0);
    for (let i = 0; i < n; i++) block[i >> 2] |= message.charCodeAt(i) << (24 - 8 * (i & 3));
    block[n >> 2] |= 0x80 << (24 - 8 * (n & 3));
    block[15] = (BLOCK + n) * 8;
    compress(inner, block, digest);
    // The outer hash: the inner digest (32 bytes), padding, and the length of key block + digest.
    for (let i = 0; i < 8; i++) block[i] = digest[i];
    block.fill(0, 8, 15);
    block[8] = 0x80000000 | 0;
    block[15] = (BLOCK + 32) * 8;
    compress(outer, block, digest);
    return digest;
  };
}

/**
 * `message` → the first `hexDigits` hex digits of HMAC-SHA256(key, message), as
 * createHmac('sha256', key).update(message).digest('hex').slice(0, hexDigits) gives them.
 */
export function createShortHmac(key: Buffer, hexDigits: number): (message: string) => string {
  if (hexDigits > 8) throw new Error('short-hmac: at most one word of digest');
  const hmac = createBlockHmac(key);
  return function shortHmac(message: string): string {
    const digest = hmac(message);
    if (digest === null) return createHmac('sha256', key).update(message).digest('hex').slice(0, hexDigits);
    return (digest[0]! >>> 0).toString(16).padStart(8, '0').slice(0, hexDigits);
  };
}

/**
 * `message` → the first `bytes` bytes (a multiple of 4, at most 32) of HMAC-SHA256(key, message)
 * in base64url, as createHmac('sha256', key).update(message).digest().subarray(0, bytes)
 * .toString('base64url') gives them.
 */
export function createHmacPrefix(key: Buffer, bytes: number): (message: string) => string {
  if (bytes % 4 !== 0 || bytes > 32) throw new Error('short-hmac: whole words of digest only');
  const hmac = createBlockHmac(key);
  const out = Buffer.alloc(bytes);
  return function hmacPrefix(message: string): string {
    const digest = hmac(message);
    if (digest === null) return createHmac('sha256', key).update(message).digest().subarray(0, bytes).toString('base64url');
    for (let i = 0; i < bytes / 4; i++) out.writeInt32BE(digest[i]!, 4 * i);
    return out.toString('base64url');
  };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
