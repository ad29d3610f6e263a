// What /ref/:code records: the click row, bots, repeats, the per-IP limit, durability, attribution.
import { PassThrough } from 'node:stream';
import t, { type Test } from 'tap';
import type { Config } from '../../../src/config.js';
import { attributeVisitor } from '../../../src/services/referral/attribution.js';
import { build } from '../../helpers/build.js';
import { addPartnerWithLink, CHROME_UA, FIREFOX_UA, GOOGLEBOT_UA } from '../../helpers/referral.js';
import { sqliteOf } from '../../../src/db/sqlite/index.js';
import { addDirectionRow, runStatement, selectRows, selectValue } from '../../helpers/tables.js';

interface ClickDbRow {
  id: number; time: number; partner_id: number | null; link_id: number | null; ip: string; browser: string;
  user_agent: string; referrer: string; user_hash: string; query_string: string; cur_from: string | null;
  cur_to: string | null; is_bot: number; is_repeat: number;
}

async function setup(t: Test, overrides: Partial<Config> = {}, options = {}) {
  const app = await build(t, { siteUrl: 'https://exchanger.example', ...overrides }, options);
  await addDirectionRow(app.repos, 'PMUSD', 'BTC');
  const alpha = await addPartnerWithLink(app.repos, 'alpha1');
  const beta = await addPartnerWithLink(app.repos, 'beta22');
  const get = (url: string, headers: Record<string, string> = {}, remoteAddress?: string) =>
    app.inject({ method: 'GET', url, headers: { 'user-agent': CHROME_UA, ...headers }, remoteAddress });
  const clicks = () => selectRows<ClickDbRow>(app, 'select * from clicks order by id');
  return { app, alpha, beta, get, clicks };
}

const uid = (res: { cookies: Array<{ name: string; value: string }> }) => res.cookies.find((c) => c.name === 'ratelink_uid')!.value;
/** The visitor id the signed cookie `<id>_<signature>` carries: what clicks store. */
const visitorId = (res: { cookies: Array<{ name: string; value: string }> }) => uid(res).split('_')[0];

t.test('GET /ref/:code › records time, partner, link, ip, browser, referrer, visitor, query and currencies', async (t) => {
  const { alpha, get, clicks } = await setup(t);
  const before = Math.floor(Date.now() / 1000);
  const res = await get('/ref/alpha1/?cur_from=pmusd&cur_to=BTC&utm_source=bc', { referer: 'https://www.bestchange.ru/perfect-money-to-bitcoin.html' }, '203.0.113.7');
  t.equal(res.statusCode, 302);
  const [row] = await clicks();
  t.ok(row.time >= before && row.time <= Math.floor(Date.now() / 1000), 'time is the request time in unix seconds');
  t.match(row, {
    partner_id: alpha.partnerId, link_id: alpha.linkId, ip: '203.0.113.7', browser: 'Chrome', user_agent: CHROME_UA,
    referrer: 'https://www.bestchange.ru/perfect-money-to-bitcoin.html', user_hash: visitorId(res),
    query_string: 'cur_from=pmusd&cur_to=BTC&utm_source=bc', cur_from: 'PMUSD', cur_to: 'BTC', is_bot: 0, is_repeat: 0,
  });
});

t.test('GET /ref/:code › invalid currency codes are stored as null, the raw query kept', async (t) => {
  const { get, clicks } = await setup(t);
  await get('/ref/alpha1?cur_from=../../evil&cur_to=%0d%0aSet-Cookie:');
  t.match((await clicks())[0], { cur_from: null, cur_to: null, query_string: 'cur_from=../../evil&cur_to=%0d%0aSet-Cookie:' });
});

t.test('GET /ref/:code › a 10 kB referrer and binary header bytes are truncated and cleaned, never rejected', async (t) => {
  const { get, clicks } = await setup(t);
  const res = await get('/ref/alpha1', { referer: `https://spam.example/${'a'.repeat(10_240)}`, 'user-agent': `${FIREFOX_UA}\u00ff\u0001` });
  t.equal(res.statusCode, 302);
  const [row] = await clicks();
  t.equal(row.referrer.length, 1024);
  t.ok(row.referrer.startsWith('https://spam.example/aaa'));
  t.equal(row.user_agent, `${FIREFOX_UA}\ufffd`);
  t.equal(row.browser, 'Firefox');
});

t.test('GET /ref/:code › bots and empty user agents: redirected, stored flagged, never attributed', async (t) => {
  const { app, get, clicks } = await setup(t);
  const bot = await get('/ref/alpha1?cur_from=PMUSD&cur_to=BTC', { 'user-agent': GOOGLEBOT_UA });
  t.equal(bot.headers.location, 'https://exchanger.example/exchange/PMUSD/BTC/');
  const empty = await get('/ref/alpha1', { 'user-agent': '' });
  t.equal(empty.statusCode, 302);
  t.same((await clicks()).map((c) => [c.is_bot, c.is_repeat]), [[1, 0], [1, 0]]);
  const now = Math.floor(Date.now() / 1000) + 1;
  t.equal(await attributeVisitor(app.repos, app.config, visitorId(bot), now), null);
  t.equal(Number(await selectValue(app, 'select count(*) as n from click_windows')), 0, 'bots open no dedupe window');
});

t.test('GET /ref/:code › the same visitor clicking again within 30 minutes: redirected, one click counts', async (t) => {
  const { get, clicks } = await setup(t);
  const first = await get('/ref/alpha1');
  const cookie = `ratelink_uid=${uid(first)}`;
  for (let i = 0; i < 3; i++) t.equal((await get('/ref/alpha1?cur_from=PMUSD&cur_to=BTC', { cookie })).statusCode, 302);
  await get('/ref/beta22', { cookie });
  t.same((await clicks()).map((c) => c.is_repeat), [0, 1, 1, 1, 0], 'repeats stored flagged; another link counts on its own');
});

t.test('GET /ref/:code › over RATELINK_CLICK_IP_LIMIT per minute: still redirected, nothing written', async (t) => {
  const { get, clicks } = await setup(t, { clickIpLimit: 2 });
  const results = [];
  for (let i = 0; i < 4; i++) results.push(await get('/ref/alpha1?cur_from=PMUSD&cur_to=BTC', {}, '198.51.100.1'));
  t.same(results.map((r) => r.headers.location), Array(4).fill('https://exchanger.example/exchange/PMUSD/BTC/'));
  await get('/ref/alpha1', {}, '198.51.100.2');
  t.same((await clicks()).map((c) => c.ip), ['198.51.100.1', '198.51.100.1', '198.51.100.2']);
});

t.test('GET /ref/:code › the click limit counts IPv6 addresses by /64', async (t) => {
  const { get, clicks } = await setup(t, { clickIpLimit: 5 });
  for (let i = 1; i <= 20; i++) await get('/ref/alpha1', {}, `2001:db8:aa:bb::${i.toString(16)}`);
  await get('/ref/alpha1', {}, '2001:db8:aa:cc::1');
  t.equal((await clicks()).length, 6, 'five from the /64, one from another /64');
});

t.test('GET /ref/:code › the click limit slides: a burst across a minute boundary does not get twice the limit', async (t) => {
  const realNow = Date.now;
  let fake = Math.ceil(realNow() / 60_000) * 60_000 + 59_500;
  Date.now = () => fake;
  t.teardown(() => { Date.now = realNow; });
  // This process's clock is faked: the in-process counter (Redis counts on its own clock).
  const { get, clicks } = await setup(t, { clickIpLimit: 10, redisUrl: null });
  for (let i = 0; i < 10; i++) await get('/ref/alpha1', {}, '198.51.100.9');
  fake += 1000; // half a second into the next clock minute
  for (let i = 0; i < 10; i++) await get('/ref/alpha1', {}, '198.51.100.9');
  const written = (await clicks()).length;
  t.ok(written <= 11, `${written} clicks written within one second (limit 10)`);
  fake += 60_000;
  await get('/ref/alpha1', {}, '198.51.100.9');
  t.equal((await clicks()).length, written + 1, 'a minute later the IP clicks again');
});

t.test('GET /ref/:code › RATELINK_CLICK_IP_LIMIT=0 turns the limit off', async (t) => {
  const { get, clicks } = await setup(t, { clickIpLimit: 0 });
  for (let i = 0; i < 150; i++) await get('/ref/alpha1', {}, '198.51.100.1');
  t.equal((await clicks()).length, 150);
});

t.test('GET /ref/:code › ip honours RATELINK_TRUST_PROXY', async (t) => {
  const headers = { 'x-forwarded-for': '192.0.2.44, 10.0.0.2' };
  const direct = await setup(t, { trustProxy: false });
  await direct.get('/ref/alpha1', headers, '10.0.0.1');
  t.equal((await direct.clicks())[0].ip, '10.0.0.1', 'not trusted: the socket address');
  const proxied = await setup(t, { trustProxy: '10.0.0.0/8' });
  await proxied.get('/ref/alpha1', headers, '10.0.0.1');
  t.equal((await proxied.clicks())[0].ip, '192.0.2.44', 'trusted: the client address the proxy saw');
  await proxied.get('/ref/alpha1', headers, '203.0.113.9');
  t.equal((await proxied.clicks())[1].ip, '203.0.113.9', 'a client that is not a listed proxy can not forge its address');
  const hop = await setup(t, { trustProxy: 1 });
  await hop.get('/ref/alpha1', headers, '10.0.0.1');
  t.equal((await hop.clicks())[0].ip, '10.0.0.2', 'hops:1 trusts only the nearest proxy');
});

t.test('GET /ref/:code › the click row is committed when the redirect arrives', async (t) => {
  const { app, get } = await setup(t);
  const responses = await Promise.all(Array.from({ length: 20 }, () => get('/ref/alpha1')));
  const stored = (await selectRows<{ user_hash: string }>(app, 'select user_hash from clicks')).map((r) => r.user_hash);
  if (!app.config.databaseUrl) t.equal(sqliteOf(app.db).sqlite.inTransaction, false, 'no transaction left open');
  t.same(new Set(stored), new Set(responses.map(visitorId)), 'every redirected visitor has its row');
});

t.test('GET /ref/:code › when the click can not be written the visitor is still redirected and the error logged', async (t) => {
  const lines: string[] = [];
  const logStream = new PassThrough().on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const { app, get } = await setup(t, { logLevel: 'error' }, { logStream });
  await runStatement(app, 'DROP TABLE click_windows');
  const res = await get('/ref/alpha1?cur_from=PMUSD&cur_to=BTC');
  t.equal(res.statusCode, 302);
  t.equal(res.headers.location, 'https://exchanger.example/exchange/PMUSD/BTC/');
  t.match(lines.join(''), /clicks could not be stored/);
});

t.test('attribution through /ref › first click keeps the visitor, last click hands them to the latest partner', async (t) => {
  const { app, alpha, beta, get, clicks } = await setup(t);
  const first = await get('/ref/alpha1');
  const cookie = `ratelink_uid=${uid(first)}`;
  await get('/ref/beta22', { cookie });
  const [a, b] = await clicks();
  const at = Math.floor(Date.now() / 1000) + 1;
  t.match(await attributeVisitor(app.repos, { attribution: 'first', cookieDays: 90 }, visitorId(first), at),
    { partnerId: alpha.partnerId, linkId: alpha.linkId, clickId: a.id });
  t.match(await attributeVisitor(app.repos, { attribution: 'last', cookieDays: 90 }, visitorId(first), at),
    { partnerId: beta.partnerId, linkId: beta.linkId, clickId: b.id });
});

t.test('GET /ref/:code › when links and directions can not be read the visitor still goes where the query leads', async (t) => {
  const lines: string[] = [];
  const logStream = new PassThrough().on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const { app, get, clicks } = await setup(t, { logLevel: 'error' }, { logStream });
  await runStatement(app, 'ALTER TABLE directions RENAME TO directions_gone');
  const direction = await get('/ref/alpha1?cur_from=PMUSD&cur_to=BTC&utm_source=bestchange');
  t.equal(direction.statusCode, 302);
  t.equal(direction.headers.location, 'https://exchanger.example/?cur_from=PMUSD&cur_to=BTC&utm_source=bestchange',
    'the home page pre-selecting the codes, parameters passed on (not the bare home page)');
  t.equal((await clicks()).length, 1, 'the link was read: its click is recorded');

  await runStatement(app, 'ALTER TABLE referral_links RENAME TO referral_links_gone');
  const link = await get('/ref/beta22?cur_from=PMUSD&cur_to=XMR&utm_source=bestchange');
  t.equal(link.statusCode, 302);
  t.equal(link.headers.location, 'https://exchanger.example/?cur_from=PMUSD&cur_to=XMR&utm_source=bestchange');
  t.ok(uid(link), 'the visitor gets the cookie');
  t.match(lines.join(''), /referral lookups failed; visitors were redirected by the query alone/);
});
