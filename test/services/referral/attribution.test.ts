import t, { type Test } from 'tap';
import type { NewClick } from '../../../src/db/repos.js';
import { attributeVisitor } from '../../../src/services/referral/attribution.js';
import { CLICK_WINDOW_SECONDS } from '../../../src/services/referral/follow.js';
import { addPartnerWithLink, openTestRepos } from '../../helpers/referral.js';

const DAY = 86_400;
const t0 = 1_700_000_000;
const first = { attribution: 'first' as const, cookieDays: 90 };
const last = { attribution: 'last' as const, cookieDays: 90 };

async function setup(t: Test) {
  const { repos } = openTestRepos(t);
  const alpha = await addPartnerWithLink(repos, 'alpha');
  const beta = await addPartnerWithLink(repos, 'beta');
  const clickOn = (link: typeof alpha, time: number, extra: Partial<NewClick> = {}): NewClick =>
    ({ time, linkId: link.linkId, partnerId: link.partnerId, userHash: 'visitor-0001', ...extra });
  const write = async (...batch: NewClick[]) => repos.clicks.insertBatch(batch, CLICK_WINDOW_SECONDS);
  return { repos, alpha, beta, clickOn, write };
}

t.test('first click: the partner who brought the visitor keeps them; last click: the latest wins', async (t) => {
  const { repos, alpha, beta, clickOn, write } = await setup(t);
  const [a, b] = await write(clickOn(alpha, t0), clickOn(beta, t0 + 3600));
  t.match(await attributeVisitor(repos, first, 'visitor-0001', t0 + 7200), { partnerId: alpha.partnerId, linkId: alpha.linkId, clickId: a.id });
  t.match(await attributeVisitor(repos, last, 'visitor-0001', t0 + 7200), { partnerId: beta.partnerId, linkId: beta.linkId, clickId: b.id });
  t.match(await attributeVisitor(repos, last, 'visitor-0001', t0 + 60), { partnerId: alpha.partnerId, linkId: alpha.linkId, clickId: a.id },
    'clicks after `at` do not count');
});

t.test('the window is (at - cookieDays, at]: a click exactly cookieDays old has expired', async (t) => {
  const { repos, alpha, beta, clickOn, write } = await setup(t);
  const [, b] = await write(clickOn(alpha, t0), clickOn(beta, t0 + DAY));
  t.equal((await attributeVisitor(repos, first, 'visitor-0001', t0 + 90 * DAY - 1))?.partnerId, alpha.partnerId);
  t.match(await attributeVisitor(repos, first, 'visitor-0001', t0 + 90 * DAY), { partnerId: beta.partnerId, linkId: beta.linkId, clickId: b.id });
  t.equal(await attributeVisitor(repos, first, 'visitor-0001', t0 + 91 * DAY), null, 'no click left in the window');
  t.equal(await attributeVisitor(repos, first, 'visitor-0001', t0 - 1), null, 'nothing before the first click');
});

t.test('bot clicks and repeats never attribute', async (t) => {
  const { repos, alpha, beta, clickOn, write } = await setup(t);
  await write(clickOn(beta, t0, { isBot: true }));
  const [a] = await write(clickOn(alpha, t0 + 10));
  const [repeat] = await write(clickOn(alpha, t0 + 20));
  t.equal(repeat.isRepeat, true);
  t.match(await attributeVisitor(repos, first, 'visitor-0001', t0 + 100), { partnerId: alpha.partnerId, linkId: alpha.linkId, clickId: a.id });
  t.match(await attributeVisitor(repos, last, 'visitor-0001', t0 + 100), { partnerId: alpha.partnerId, linkId: alpha.linkId, clickId: a.id });
});

t.test('unknown or malformed visitors own nothing', async (t) => {
  const { repos, alpha, clickOn, write } = await setup(t);
  await write(clickOn(alpha, t0));
  t.equal(await attributeVisitor(repos, first, 'visitor-9999', t0 + 1), null);
  t.equal(await attributeVisitor(repos, first, "x' or 1=1 --", t0 + 1), null);
  t.equal(await attributeVisitor(repos, first, 'visitor-0001', Number.NaN), null);
});
