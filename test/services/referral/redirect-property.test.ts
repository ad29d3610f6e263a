// Property: whatever the link (its target as stored, even tampered with) and whatever the
// visitor's query and path, /ref sends the visitor to a page of the operator's origin.
import t from 'tap';
import fc from 'fast-check';
import type { ClickLink } from '../../../src/db/repos.js';
import { createReferralFollower } from '../../../src/services/referral/follow.js';
import { sameOriginPath } from '../../../src/services/referral/redirect-target.js';
import { resolveTarget } from '../../../src/services/promotion-links/target.js';

const SITE = 'https://exchanger.example';
const config = { siteUrl: SITE, directionUrl: '{site}/exchange/{from}/{to}/', signupUrl: '{site}/partner/signup/' };

const HOSTILE = [
  '//evil.com', 'https://evil.com', '/\\evil.com', '\\\\evil.com', '%2F%2Fevil.com', '/%2F%2Fevil.com', 'https:evil.com', '///evil.com',
  'https://exchanger.example@evil.com', 'https://evil.com@exchanger.example', 'https://ехchanger.example/', 'javascript:alert(1)',
  '/\t/evil.com', '/\n/evil.com', '\r\nLocation: https://evil.com', '//evil.com/%2e%2e', '/..//evil.com', '/./\\/evil.com',
  'http://[::1]/', 'https://exchanger.example.evil.com', '%0d%0aSet-Cookie:x=1', '/promo?x=1', 'BTC', '../../evil', '',
];
const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string(), fc.string({ unit: 'binary' }));
const target = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary' }), fc.webUrl(), fc.webPath());

const link = fc.record({
  linkId: fc.constant(1),
  partnerId: fc.constant(1),
  active: fc.boolean(),
  linkType: fc.constantFrom('client' as const, 'agent' as const),
  targetKind: fc.constantFrom('home' as const, 'direction' as const, 'path' as const),
  target: fc.option(target),
  targetFrom: fc.option(text),
  targetTo: fc.option(text),
  parameterType: fc.option(fc.constantFrom('uid' as const, 'pid' as const, 'sid' as const)),
}) satisfies fc.Arbitrary<ClickLink>;

const param = fc.tuple(
  fc.constantFrom('cur_from', 'cur_to', 'CUR_FROM', 'uid', 'pid', 'sid', 'sub1', 'subid', 'utm_source', 'next', 'redirect'),
  text,
  fc.boolean(),
).map(([key, value, encode]) => `${key}=${encode ? encodeURIComponent(value) : value}`);
const rawQuery = fc.array(param, { maxLength: 8 }).map((parts) => parts.join('&'));

function follower(stored: ClickLink | null, activePairs: boolean) {
  return createReferralFollower({
    config,
    lookup: { findLink: async () => stored, isDirectionActive: async () => activePairs },
    recorder: { record: async () => null, close: async () => {} },
    ipLimit: { take: () => true } as never,
    visitors: { readCookie: () => null, issue: () => ({ userHash: 'visitorAAAAAAAAAAAAA', cookie: 'c' }) },
  });
}

function assertOnSite(location: string) {
  if (/[\r\n]/.test(location)) return false;
  return new URL(location).origin === SITE;
}

t.test('property › /ref never leaves the operator\'s origin, whatever the stored link and the visit', async (t) => {
  await fc.assert(fc.asyncProperty(fc.option(link), fc.boolean(), fc.constantFrom('', 'Code1', 'x/y'), rawQuery, fc.boolean(),
    async (stored, active, code, query, head) => {
      const outcome = await follower(stored, active)({
        recordClick: !head, code, rawQuery: query, ip: '203.0.113.9', userAgent: 'UA', referrer: undefined, visitorCookie: undefined, time: 1,
      });
      return assertOnSite(outcome.location);
    }), { numRuns: 3000 });
  t.pass('3000 random links and visits stayed on the site');
});

t.test('property › a client link\'s target is refused or made same-origin, whatever the spelling', async (t) => {
  fc.assert(fc.property(target, (input) => {
    let resolved;
    try {
      resolved = resolveTarget(SITE, 'client', { target_url: input });
    } catch (error) {
      return ['RL_TARGET_ORIGIN', 'RL_VALIDATION'].includes((error as { code: string }).code);
    }
    if (resolved.targetKind !== 'path') return resolved.targetKind === 'home';
    return sameOriginPath(SITE, resolved.target!) === resolved.target && new URL(resolved.target!, SITE).origin === SITE;
  }), { numRuns: 5000 });
  t.pass('5000 random targets');
});

t.test('a dot segment that would leave two slashes is refused, not a crash', async (t) => {
  for (const input of ['/.//', '/.//evil.com', '/a/..//evil.com']) t.equal(sameOriginPath(SITE, input), null, input);
});
