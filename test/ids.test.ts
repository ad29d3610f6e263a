import fc from 'fast-check';
import t from 'tap';
import { newUserHash, USER_HASH_PATTERN } from '../src/ids.js';

t.test('newUserHash › 20 characters, accepted as a visitor cookie, unique', async (t) => {
  const ids = Array.from({ length: 1000 }, () => newUserHash());
  for (const id of ids.slice(0, 20)) t.match(id, /^[A-Za-z0-9]{20}$/);
  t.ok(ids.every((id) => USER_HASH_PATTERN.test(id)));
  t.equal(new Set(ids).size, ids.length);
});

t.test('newUserHash › ids sort by creation time (the click indexes grow at their end)', async (t) => {
  t.equal(newUserHash(0).slice(0, 8), '22222222', 'the epoch is the smallest prefix');
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 1, max: 86_400_000 }),
    (earlier, gap) => newUserHash(earlier) < newUserHash(earlier + gap),
  ));
});
