import t from 'tap';
import { createVisitorIds } from '../../../src/services/referral/visitor-cookie.js';

const SINCE = 1_800_000_000;
const ids = createVisitorIds('a-secret-of-at-least-32-characters!!', SINCE, 90);

t.test('a plain (pre-signing) id counts only until the cookie lifetime has passed since signing began', async (t) => {
  t.same(ids.readReported('OldVisitor0000000001', SINCE + 89 * 86_400), { userHash: 'OldVisitor0000000001', clickedUpTo: SINCE });
  t.equal(ids.readReported('OldVisitor0000000001', SINCE + 90 * 86_400), null);
  t.equal(ids.readReported('not a hash!', SINCE), null);
});

t.test('signed values verify under the same secret only; pseudonyms are 8 hex digits, per partner', async (t) => {
  const { userHash, cookie } = ids.issue();
  t.equal(ids.readCookie(cookie), userHash);
  t.same(ids.readReported(cookie, SINCE + 400 * 86_400), { userHash }, 'signed values never expire here: the cookie does');
  t.equal(createVisitorIds('another-secret-of-32-characters-xx', SINCE, 90).readCookie(cookie), null);
  t.match(ids.pseudonym(1, userHash), /^[0-9a-f]{8}$/);
  t.equal(ids.pseudonym(1, userHash), ids.pseudonym(1, userHash));
  t.not(ids.pseudonym(1, userHash), ids.pseudonym(2, userHash));
});
