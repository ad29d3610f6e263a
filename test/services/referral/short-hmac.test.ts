import t from 'tap';
import { createHmac, randomBytes } from 'node:crypto';
import { createHmacPrefix, createShortHmac } from '../../../src/services/referral/short-hmac.js';
import { createVisitorIds } from '../../../src/services/referral/visitor-cookie.js';

const expected = (key: Buffer, message: string, digits: number) => createHmac('sha256', key).update(message).digest('hex').slice(0, digits);

t.test('createShortHmac › the digest createHmac gives, for every message length and key size', async (t) => {
  let checked = 0;
  for (const keyLength of [0, 1, 20, 32, 63, 64]) {
    const key = randomBytes(keyLength);
    const hmac = createShortHmac(key, 8);
    // Lengths around the one-block limit (55), empty, and the pseudonym's own shape.
    for (let length = 0; length <= 70; length++) {
      const message = randomBytes(length).toString('base64').slice(0, length).padEnd(length, 'x');
      if (hmac(message) !== expected(key, message, 8)) t.fail(`key ${keyLength} bytes, message ${JSON.stringify(message)}`);
      checked++;
    }
  }
  t.equal(checked, 6 * 71);
});

t.test('createShortHmac › non-ASCII and random messages, shorter digests', async (t) => {
  const key = randomBytes(32);
  for (const message of ['501:é', '7:\u{1F600}', '1:\u0000\u007f', `12:${'ж'.repeat(10)}`]) {
    t.equal(createShortHmac(key, 8)(message), expected(key, message, 8), JSON.stringify(message));
  }
  const short = createShortHmac(key, 4);
  for (let i = 0; i < 2000; i++) {
    const message = `${i % 1000}:${randomBytes(15).toString('base64url')}`;
    if (short(message) !== expected(key, message, 4)) t.fail(message);
  }
  t.throws(() => createShortHmac(randomBytes(65), 8));
});

t.test('pseudonym › is HMAC-SHA256 of "<partner>:<visitor>" under the derived key, first 8 hex digits', async (t) => {
  const secret = 'a-secret-of-the-server-0123456789';
  const key = createHmac('sha256', secret).update('ratelink visitor pseudonym').digest();
  const ids = createVisitorIds(secret, 0, 30);
  for (const [partner, visitor] of [[1, 'abcdefghij0123456789'], [501, 'ZZZZZZZZZZZZZZZZZZZZ'], [123456, 'legacy-plain-id']] as const) {
    t.equal(ids.pseudonym(partner, visitor), expected(key, `${partner}:${visitor}`, 8));
  }
  // Pseudonyms are remembered (at most 100,000): read again, and after the oldest were forgotten,
  // each is still the HMAC of its own message.
  const visitors = Array.from({ length: 100_050 }, (_, i) => `v${i}`);
  for (const visitor of visitors) ids.pseudonym(7, visitor);
  for (const visitor of [...visitors.slice(0, 60), ...visitors.slice(-60)]) {
    if (ids.pseudonym(7, visitor) !== expected(key, `7:${visitor}`, 8)) t.fail(visitor);
  }
  t.equal(ids.pseudonym(8, 'v1'), expected(key, '8:v1', 8), 'per partner, remembered or not');
});

t.test('createHmacPrefix › the first bytes createHmac gives, in base64url, for every message length and size', async (t) => {
  const key = randomBytes(32);
  for (const bytes of [4, 16, 32]) {
    const prefix = createHmacPrefix(key, bytes);
    for (let length = 0; length <= 70; length++) {
      const message = randomBytes(length).toString('base64').slice(0, length).padEnd(length, 'x');
      const want = createHmac('sha256', key).update(message).digest().subarray(0, bytes).toString('base64url');
      if (prefix(message) !== want) t.fail(`${bytes} bytes, message ${JSON.stringify(message)}`);
    }
    t.equal(prefix('ж'), createHmac('sha256', key).update('ж').digest().subarray(0, bytes).toString('base64url'), 'non-ASCII');
  }
  t.throws(() => createHmacPrefix(key, 6));
});

t.test('visitor cookie › is "<id>_<first 16 bytes of HMAC-SHA256(id)>" under the derived key, and reads back', async (t) => {
  const secret = 'a-secret-of-the-server-0123456789';
  const key = createHmac('sha256', secret).update('ratelink visitor cookie').digest();
  const ids = createVisitorIds(secret, 0, 30);
  for (let i = 0; i < 50; i++) {
    const { userHash, cookie } = ids.issue();
    t.equal(cookie, `${userHash}_${createHmac('sha256', key).update(userHash).digest().subarray(0, 16).toString('base64url')}`);
    t.equal(ids.readCookie(cookie), userHash);
  }
});
