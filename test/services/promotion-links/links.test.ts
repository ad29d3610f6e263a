// The rules of partners' promotion links, through the service on the app's own database (both engines).
import t, { type Test } from 'tap';
import { build } from '../../helpers/build.js';
import {
  archivePromotionLink, createPromotionLink, getPromotionLink, listPromotionLinks, promotionLinkStats, updatePromotionLink,
} from '../../../src/services/promotion-links/links.js';
import { CODE_PATTERN } from '../../../src/ids.js';

const SITE = 'https://exchanger.example';
const NOW = 1_800_000_000;

async function setup(t: Test, limit = 100) {
  const app = await build(t, { siteUrl: SITE, partnerLinkLimit: limit });
  const config = app.config;
  const a = await app.repos.partners.insert({ name: 'A', email: 'a@example.test', rewardPercent: '1' });
  const b = await app.repos.partners.insert({ name: 'B', email: 'b@example.test', rewardPercent: '1' });
  return { app, config, repos: app.repos, a: a.id, b: b.id };
}

t.test('create › a generated code, the home page, listed; the /ref/ URL of this server', async (t) => {
  const { repos, config, a } = await setup(t);
  const link = await createPromotionLink(repos, config, a, { name: '  Spring promo ' }, NOW);
  t.match(link.code, CODE_PATTERN);
  t.equal(link.url, `${SITE}/ref/${link.code}/`);
  t.same(link.target, { kind: 'home' });
  t.equal(link.name, 'Spring promo');
  t.equal(link.visibility, 'listed');
  t.equal(link.type, 'client');
  t.equal(link.created_at, NOW);
  t.equal(link.updated_at, NOW);
});

t.test('create › code rules: 3-64 of A-Z a-z 0-9 _ -, unique across partners (409 naming the field)', async (t) => {
  const { repos, config, a, b } = await setup(t);
  for (const code of ['ab', 'a'.repeat(65), 'bad code', 'слово', 'a/b']) {
    await t.rejects(createPromotionLink(repos, config, a, { code }, NOW), { code: 'RL_VALIDATION' }, code);
  }
  await createPromotionLink(repos, config, a, { code: 'EN03045' }, NOW);
  await t.rejects(createPromotionLink(repos, config, b, { code: 'EN03045' }, NOW), { code: 'RL_CONFLICT', statusCode: 409, field: 'code' });
});

t.test('create › targets: a direction, a page of the site, the site as an absolute URL', async (t) => {
  const { repos, config, a } = await setup(t);
  t.same((await createPromotionLink(repos, config, a, { cur_from: 'pmusd', cur_to: 'BTC' }, NOW)).target,
    { kind: 'direction', cur_from: 'PMUSD', cur_to: 'BTC' });
  t.same((await createPromotionLink(repos, config, a, { target_url: '/promo/?x=1#top' }, NOW)).target, { kind: 'path', path: '/promo/?x=1' });
  t.same((await createPromotionLink(repos, config, a, { target_url: `${SITE}/rates` }, NOW)).target, { kind: 'path', path: '/rates' });
  t.same((await createPromotionLink(repos, config, a, { target_url: `${SITE}/` }, NOW)).target, { kind: 'home' });
  t.same((await createPromotionLink(repos, config, a, { target_url: '%2F%2Fevil.com' }, NOW)).target, { kind: 'path', path: '/%2F%2Fevil.com' },
    'an encoded // is a path of the site, made same-origin');
  t.same((await createPromotionLink(repos, config, a, { target_url: 'https:evil.com' }, NOW)).target, { kind: 'path', path: '/evil.com' },
    'a scheme-relative path resolves on the site, as a browser resolves it');
  await t.rejects(createPromotionLink(repos, config, a, { cur_from: 'BTC' }, NOW), { code: 'RL_VALIDATION' }, 'half a direction');
});

t.test('create › off-origin targets refused in every spelling, naming the allowed origin', async (t) => {
  const { repos, config, a } = await setup(t);
  const spellings = [
    '//evil.com', 'https://evil.com', 'http://exchanger.example/', '/\\evil.com', '\\\\evil.com', '///evil.com',
    `${SITE}@evil.com`, `https://user:pw@exchanger.example/`, 'https://evil.com@exchanger.example/', 'https://exchanger.example.evil.com/',
    'https://ехchanger.example/', 'https://xn--hanger-6ve7b.example/', 'javascript:alert(1)', 'data:text/html,x', '/\t/evil.com',
    '/\n/evil.com', ' //evil.com', '/%0a/x\r\n', 'https://exchanger.example:8443/',
  ];
  for (const target_url of spellings) {
    await t.rejects(createPromotionLink(repos, config, a, { target_url }, NOW),
      { code: 'RL_TARGET_ORIGIN', message: /https:\/\/exchanger\.example/ }, JSON.stringify(target_url));
  }
  t.equal((await listPromotionLinks(repos, config, a)).length, 0);
});

t.test('create › an agent link stores any target URL and never follows it', async (t) => {
  const { repos, config, a } = await setup(t);
  const link = await createPromotionLink(repos, config, a, { type: 'agent', target_url: 'http://www.baidu.com' }, NOW);
  t.equal(link.target_url, 'http://www.baidu.com');
  t.same(link.target, { kind: 'home' });
});

t.test('limit › at most N links that are not archived; archiving frees a place', async (t) => {
  const { repos, config, a, b } = await setup(t, 2);
  const first = await createPromotionLink(repos, config, a, {}, NOW);
  await createPromotionLink(repos, config, a, {}, NOW);
  await t.rejects(createPromotionLink(repos, config, a, {}, NOW), { code: 'RL_LINK_LIMIT' });
  await createPromotionLink(repos, config, b, {}, NOW);
  await archivePromotionLink(repos, config, a, first.code, NOW + 1);
  await createPromotionLink(repos, config, a, {}, NOW);
  await t.rejects(updatePromotionLink(repos, config, a, first.code, { visibility: 'listed' }, NOW), { code: 'RL_LINK_LIMIT' }, 'unarchiving counts too');
  t.equal((await listPromotionLinks(repos, config, a)).length, 2);
  t.equal((await listPromotionLinks(repos, config, a, { archived: true })).length, 3);
});

t.test('target URL › one per parameter type among a partner\'s links', async (t) => {
  const { repos, config, a, b } = await setup(t);
  await createPromotionLink(repos, config, a, { target_url: '/promo', parameter_type: 'uid' }, NOW);
  await t.rejects(createPromotionLink(repos, config, a, { target_url: '/promo', parameter_type: 'uid' }, NOW), { code: 'RL_LINK_TARGET_TAKEN', field: 'target_url' });
  await createPromotionLink(repos, config, a, { target_url: '/promo', parameter_type: 'pid' }, NOW);
  await createPromotionLink(repos, config, b, { target_url: '/promo', parameter_type: 'uid' }, NOW);
});

t.test('update › changes name, target and visibility; stamps updated_at', async (t) => {
  const { repos, config, a } = await setup(t);
  const link = await createPromotionLink(repos, config, a, { name: 'x' }, NOW);
  const changed = await updatePromotionLink(repos, config, a, link.code, { name: 'y', cur_from: 'BTC', cur_to: 'ETH', visibility: 'hidden' }, NOW + 5);
  t.equal(changed.name, 'y');
  t.same(changed.target, { kind: 'direction', cur_from: 'BTC', cur_to: 'ETH' });
  t.equal(changed.visibility, 'hidden');
  t.equal(changed.updated_at, NOW + 5);
  t.equal(changed.created_at, NOW);
  await t.rejects(updatePromotionLink(repos, config, a, link.code, { target_url: '//evil.com' }, NOW), { code: 'RL_TARGET_ORIGIN' });
});

t.test('a partner cannot read or change another partner\'s links: not found', async (t) => {
  const { repos, config, a, b } = await setup(t);
  const link = await createPromotionLink(repos, config, a, {}, NOW);
  await t.rejects(getPromotionLink(repos, config, b, link.code), { code: 'RL_NOT_FOUND' });
  await t.rejects(updatePromotionLink(repos, config, b, link.code, { name: 'mine' }, NOW), { code: 'RL_NOT_FOUND' });
  await t.rejects(archivePromotionLink(repos, config, b, link.code, NOW), { code: 'RL_NOT_FOUND' });
  await t.rejects(promotionLinkStats(repos, b, link.code, { from: 0, to: NOW }), { code: 'RL_NOT_FOUND' });
  t.same(await listPromotionLinks(repos, config, b), []);
  t.equal((await getPromotionLink(repos, config, a, link.code)).name, null);
});

t.test('stats › counted clicks, exchanges, earnings and conversion per UTC day', async (t) => {
  const { repos, config, a } = await setup(t);
  const link = await createPromotionLink(repos, config, a, { code: 'StatsLink' }, NOW);
  const day = 1_799_971_200; // a UTC midnight
  const row = await repos.links.findByCode('StatsLink');
  const clicks = [day + 10, day + 20, day + 86_400 + 5].map((time, i) => ({ time, userHash: `visitor${i}xxxxxx`, partnerId: a, linkId: row!.id }));
  await repos.clicks.insertBatch([...clicks, { time: day + 30, userHash: 'botvisitorxxxxx', partnerId: a, linkId: row!.id, isBot: true }], 1800);
  const base = { curGive: 'BTC', curGet: 'USD', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1', createdAt: day, updatedAt: day };
  await repos.exchanges.insert({ ...base, externalId: 'e1', time: day + 100, status: 'success', partnerId: a, linkId: row!.id, reward: 123_456_789 }, null);
  await repos.exchanges.insert({ ...base, externalId: 'e2', time: day + 200, status: 'pending', partnerId: a, linkId: row!.id }, null);
  const stats = await promotionLinkStats(repos, a, link.code, { from: day, to: day + 2 * 86_400 });
  t.same(stats.days, [
    { date: '2027-01-15', clicks: 2, exchanges: 2, successful: 1, earnings: '1.23456789', conversion: '50.00' },
    { date: '2027-01-16', clicks: 1, exchanges: 0, successful: 0, earnings: '0', conversion: '0.00' },
  ]);
  t.same(stats.totals, { clicks: 3, exchanges: 2, successful: 1, earnings: '1.23456789', conversion: '33.33' });
});
