// Two instances on one database and one Redis (RATELINK_REDIS_URL) count together: the partner
// API's per-key and bad-key limits, the admin token's failures and the click limit per IP.
// Without Redis each instance counts alone (the control). Keys under a prefix of this test.
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config.js';
import { ADMIN_TOKEN } from '../helpers/build.js';
import { instancesOnOneDatabase } from '../helpers/instances.js';
import { callApi, makePartner, API } from '../helpers/partner-api.js';
import { createTestPrefix, noRedis, REDIS_TEST_URL } from '../helpers/redis.js';
import { silentProxy, within } from '../helpers/silent-proxy.js';
import { addPartnerWithLink, CHROME_UA } from '../helpers/referral.js';

const skip = await noRedis();

/**
 * The click limits count by sliding minutes: just after a clock minute begins, the previous
 * minute's clicks weigh a little under their number, so one click more than the limit passes.
 * The tests that count clicks against a limit start well inside a minute.
 */
async function awayFromMinuteEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
}

async function sharing(t: Test, overrides: Partial<Config>): Promise<FastifyInstance[]> {
  const keys = createTestPrefix();
  t.teardown(keys.clean);
  return instancesOnOneDatabase(t, 2, { redisUrl: REDIS_TEST_URL, redisKeyPrefix: keys.prefix, ...overrides });
}

t.test('api.php › the per-key limit is shared: 6 a minute across both instances, not 12', { skip }, async (t) => {
  const [a, b] = await sharing(t, { apiRateLimit: 6 });
  const { apiKey } = await makePartner(a, 'Shared');
  const replies = [];
  for (let i = 0; i < 12; i++) replies.push(await callApi(i % 2 ? b : a, apiKey, 'get_info'));
  t.equal(replies.filter((r) => r.statusCode === 200).length, 6);
  t.equal(replies.filter((r) => r.statusCode === 429).length, 6, '429s do appear (the store is really used)');
  t.same(replies.slice(6).map((r) => r.json().error), [7, 7, 7, 7, 7, 7]);
});

t.test('api.php › without Redis each instance counts alone (the control): 12 of 12', async (t) => {
  const [a, b] = await instancesOnOneDatabase(t, 2, { apiRateLimit: 6, redisUrl: null });
  const { apiKey } = await makePartner(a, 'Alone');
  const replies = [];
  for (let i = 0; i < 12; i++) replies.push(await callApi(i % 2 ? b : a, apiKey, 'get_info'));
  t.equal(replies.filter((r) => r.statusCode === 200).length, 12);
});

t.test('api.php › wrong keys from one IP are counted across both instances', { skip }, async (t) => {
  const [a, b] = await sharing(t, { apiBadKeyLimit: 3 });
  const guess = (app: FastifyInstance) => app.inject({ method: 'GET', url: `${API}?api_action=pp&method=get_info&api_key=${'Z'.repeat(40)}`, remoteAddress: '203.0.113.9' });
  const errors = [];
  for (let i = 0; i < 6; i++) errors.push((await guess(i % 2 ? b : a)).json().error);
  t.same(errors, [3, 3, 3, 7, 7, 7], 'error 3 (wrong key) three times, then 7 (throttled) on both');
});

t.test('admin API › ten wrong tokens spread over both instances lock the IP out of both', { skip }, async (t) => {
  const [a, b] = await sharing(t, {});
  const wrong = { authorization: 'Bearer wrong-token-wrong-token-wrong-token-0123' };
  for (let i = 0; i < 10; i++) {
    t.equal((await (i % 2 ? b : a).inject({ method: 'GET', url: '/admin/partners', headers: wrong, remoteAddress: '198.51.100.4' })).statusCode, 401);
  }
  const right = { authorization: `Bearer ${ADMIN_TOKEN}` };
  for (const app of [a, b]) {
    const locked = await app.inject({ method: 'GET', url: '/admin/partners', headers: right, remoteAddress: '198.51.100.4' });
    t.equal(locked.statusCode, 429);
    t.equal(locked.json().error.code, 'RL_TOO_MANY_FAILURES');
  }
  t.equal((await b.inject({ method: 'GET', url: '/admin/partners', headers: right, remoteAddress: '198.51.100.5' })).statusCode, 200, 'another IP is not affected');
});

t.test('GET /ref/:code › the click limit per IP is shared: 4 clicks written of 8 through both', { skip }, async (t) => {
  const [a, b] = await sharing(t, { clickIpLimit: 4 });
  await addPartnerWithLink(a.repos, 'shared1');
  await awayFromMinuteEdge();
  const replies = [];
  for (let i = 0; i < 8; i++) {
    replies.push(await (i % 2 ? b : a).inject({ method: 'GET', url: '/ref/shared1', headers: { 'user-agent': CHROME_UA }, remoteAddress: '192.0.2.44' }));
  }
  t.ok(replies.every((r) => r.statusCode === 302), 'every visitor is redirected');
  t.equal(await a.repos.clicks.count(), 4);
});

t.test('Redis down → partner API and clicks go on (fail open / per instance); the admin throttle answers 503', async (t) => {
  const [a] = await instancesOnOneDatabase(t, 1, { redisUrl: 'redis://127.0.0.1:1', apiRateLimit: 2, clickIpLimit: 2 });
  const { apiKey } = await makePartner(a, 'Open');
  const codes = [];
  for (let i = 0; i < 3; i++) codes.push((await callApi(a, apiKey, 'get_info')).statusCode);
  t.same(codes, [200, 200, 200], 'the quota is not enforced while its store is away');
  await addPartnerWithLink(a.repos, 'down1');
  await awayFromMinuteEdge();
  for (let i = 0; i < 3; i++) await a.inject({ method: 'GET', url: '/ref/down1', headers: { 'user-agent': CHROME_UA }, remoteAddress: '192.0.2.45' });
  t.equal(await a.repos.clicks.count(), 2, 'the click limit falls back to this instance\'s own count');
  const admin = await a.inject({ method: 'GET', url: '/admin/partners', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  t.equal(admin.statusCode, 503);
  t.equal(admin.json().error.code, 'RL_LIMIT_STORE_UNAVAILABLE');
});

t.test('Redis silent (connected, never answering) → the same as down: no request waits for it', { skip }, async (t) => {
  const redis = new URL(REDIS_TEST_URL);
  const proxy = await silentProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  t.teardown(() => proxy.close());
  redis.host = `127.0.0.1:${proxy.port}`;
  const [a] = await sharing(t, { redisUrl: redis.toString(), apiRateLimit: 2 });
  const { apiKey } = await makePartner(a, 'Silent');
  await addPartnerWithLink(a.repos, 'silent1');
  t.equal((await callApi(a, apiKey, 'get_info')).statusCode, 200, 'Redis answers before');

  proxy.silence();
  // Each Redis command gives up after 0.5 s; without that a request would wait for ever. The
  // bound leaves room for a loaded machine: in CI, four test files on two cores, a /ref took over 2 s.
  const ANSWERED_WITHIN = 5000;
  const api = await within(ANSWERED_WITHIN, callApi(a, apiKey, 'get_info'));
  t.equal(api === 'no answer' ? api : api.statusCode, 200, 'the partner API fails open');
  const ref = await within(ANSWERED_WITHIN, a.inject({ method: 'GET', url: '/ref/silent1', headers: { 'user-agent': CHROME_UA }, remoteAddress: '192.0.2.46' }));
  t.equal(ref === 'no answer' ? ref : ref.statusCode, 302, 'the visitor is redirected');
  const admin = await within(ANSWERED_WITHIN, a.inject({ method: 'GET', url: '/admin/partners', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
  t.equal(admin === 'no answer' ? admin : admin.statusCode, 503, 'the admin throttle refuses');

  proxy.speak();
  let status = 0;
  for (let i = 0; i < 30 && status !== 200; i++) {
    status = (await a.inject({ method: 'GET', url: '/admin/partners', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).statusCode;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.equal(status, 200, 'back by itself once Redis answers');
});

t.test('GET /ref/:code › the shared click limit per IP holds for clicks at once: 4 written of 20 through both', { skip }, async (t) => {
  const [a, b] = await sharing(t, { clickIpLimit: 4 });
  await addPartnerWithLink(a.repos, 'shared2');
  await awayFromMinuteEdge();
  const replies = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    (i % 2 ? b : a).inject({ method: 'GET', url: '/ref/shared2', headers: { 'user-agent': CHROME_UA }, remoteAddress: '192.0.2.45' })));
  t.ok(replies.every((r) => r.statusCode === 302), 'every visitor is redirected');
  t.equal(await a.repos.clicks.count(), 4, 'the limit, not the clicks that read the count before any was counted');
});
