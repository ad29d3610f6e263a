// The redirect of /ref/:code: target, headers and cookie, whatever the input.
import t, { type Test } from 'tap';
import type { Config } from '../../../src/config.js';
import { build } from '../../helpers/build.js';
import { addPartnerWithLink, CHROME_UA } from '../../helpers/referral.js';
import { addDirectionRow, selectRows, selectValue } from '../../helpers/tables.js';

const SITE = 'https://exchanger.example';

async function setup(t: Test, overrides: Partial<Config> = {}) {
  const app = await build(t, { siteUrl: SITE, ...overrides });
  await addDirectionRow(app.repos, 'PMUSD', 'BTC');
  await addDirectionRow(app.repos, 'BTC', 'SBERRUB', false);
  const link = await addPartnerWithLink(app.repos, 'Ab3xYz');
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { 'user-agent': CHROME_UA, ...headers } });
  const clickCount = async () => ({ n: Number(await selectValue(app, 'select count(*) as n from clicks')) });
  return { app, link, get, clickCount };
}

t.test('GET /ref/:code › active direction: 302 to the direction page, Cache-Control no-store', async (t) => {
  const { get } = await setup(t);
  for (const url of ['/ref/Ab3xYz?cur_from=PMUSD&cur_to=BTC', '/ref/Ab3xYz/?cur_from=pmusd&cur_to=btc']) {
    const res = await get(url);
    t.equal(res.statusCode, 302, url);
    t.equal(res.headers.location, `${SITE}/exchange/PMUSD/BTC/`, url);
    t.equal(res.headers['cache-control'], 'no-store');
  }
});

t.test('GET /ref/:code › no active direction: home page pre-selecting the valid codes', async (t) => {
  const { get } = await setup(t);
  t.equal((await get('/ref/Ab3xYz?cur_from=BTC&cur_to=SBERRUB')).headers.location, `${SITE}/?cur_from=BTC&cur_to=SBERRUB`, 'inactive direction');
  t.equal((await get('/ref/Ab3xYz?cur_from=BTC&cur_to=XMR')).headers.location, `${SITE}/?cur_from=BTC&cur_to=XMR`, 'unknown direction');
  t.equal((await get('/ref/Ab3xYz?cur_from=PMUSD')).headers.location, `${SITE}/?cur_from=PMUSD`, 'one code');
  t.equal((await get('/ref/Ab3xYz')).headers.location, `${SITE}/`, 'no codes');
});

t.test('GET /ref/:code › other parameters are passed on to the target', async (t) => {
  const { get } = await setup(t);
  const res = await get('/ref/Ab3xYz/?cur_from=PMUSD&cur_to=BTC&utm_source=bestchange&utm_campaign=spring%20sale');
  t.equal(res.headers.location, `${SITE}/exchange/PMUSD/BTC/?utm_source=bestchange&utm_campaign=spring+sale`);
});

t.test('GET /ref/:code › hostile input: target stays on the site, nothing reaches the headers', async (t) => {
  const { get } = await setup(t);
  const cases: Array<[string, string]> = [
    ['/ref/Ab3xYz?cur_from=../../evil&cur_to=BTC', `${SITE}/?cur_to=BTC`],
    ['/ref/Ab3xYz?cur_from=PMUSD&cur_to=%0d%0aSet-Cookie:%20admin=1', `${SITE}/?cur_from=PMUSD`],
    ['/ref/Ab3xYz?utm_x=%0d%0aSet-Cookie:%20admin=1', `${SITE}/?utm_x=%0D%0ASet-Cookie%3A+admin%3D1`],
    ['/ref/Ab3xYz?cur_from=//evil.example&next=https://evil.example/', `${SITE}/?next=https%3A%2F%2Fevil.example%2F`],
    ['/ref/..%2F..%2Fevil?cur_from=PMUSD&cur_to=BTC', `${SITE}/exchange/PMUSD/BTC/`],
    ['/ref/a/b/c', `${SITE}/`],
    ['/ref/%D0%BA%D0%BE%D0%B4', `${SITE}/`],
    ['/ref/%E0%A4%A', `${SITE}/`],
    [`/ref/${'x'.repeat(300)}`, `${SITE}/`],
    ['/ref/', `${SITE}/`],
    ['/ref/Ab3xYz?cur_from[]=BTC&cur_from[x]=1&__proto__=1', `${SITE}/?cur_from%5B%5D=BTC&cur_from%5Bx%5D=1&__proto__=1`],
  ];
  for (const [url, location] of cases) {
    const res = await get(url);
    t.equal(res.statusCode, 302, url);
    t.equal(res.headers.location, location, url);
    const cookies = [res.headers['set-cookie'] ?? []].flat();
    t.ok(cookies.every((c) => c.startsWith('ratelink_uid=')), `${url}: no injected cookie`);
  }
});

t.test('GET /ref/:code › unknown code still redirects, records nothing', async (t) => {
  const { get, clickCount } = await setup(t);
  const res = await get('/ref/NoSuchCode?cur_from=PMUSD&cur_to=BTC');
  t.equal(res.statusCode, 302);
  t.equal(res.headers.location, `${SITE}/exchange/PMUSD/BTC/`);
  t.equal((await clickCount()).n, 0);
});

t.test('GET /ref/:code › codes are case-sensitive as issued', async (t) => {
  const { get, clickCount } = await setup(t);
  await get('/ref/ab3xyz');
  t.equal((await clickCount()).n, 0);
  await get('/ref/Ab3xYz');
  t.equal((await clickCount()).n, 1);
});

t.test('GET /ref/:code › disabled link or blocked partner: redirects, records nothing', async (t) => {
  const { app, get, clickCount } = await setup(t);
  await addPartnerWithLink(app.repos, 'OffLink');
  await app.repos.links.update('OffLink', { disabledAt: 1 });
  await addPartnerWithLink(app.repos, 'Blocked', { status: 'blocked' });
  for (const code of ['OffLink', 'Blocked']) {
    const res = await get(`/ref/${code}?cur_from=PMUSD&cur_to=BTC`);
    t.equal(res.headers.location, `${SITE}/exchange/PMUSD/BTC/`, code);
  }
  t.equal((await clickCount()).n, 0);
});

t.test('HEAD /ref/:code › redirects like GET, records nothing, sets no cookie', async (t) => {
  const { app, clickCount } = await setup(t);
  const res = await app.inject({ method: 'HEAD', url: '/ref/Ab3xYz/?cur_from=PMUSD&cur_to=BTC&utm_source=x', headers: { 'user-agent': CHROME_UA } });
  t.equal(res.statusCode, 302);
  t.equal(res.headers.location, `${SITE}/exchange/PMUSD/BTC/?utm_source=x`);
  t.equal(res.headers['cache-control'], 'no-store');
  t.equal(res.headers['set-cookie'], undefined);
  t.equal(res.body, '');
  t.equal((await clickCount()).n, 0);
});

t.test('GET /ref/:code › visitor cookie: HttpOnly, SameSite=Lax, Path=/, cookie lifetime, Secure on an https site', async (t) => {
  const { get } = await setup(t);
  const res = await get('/ref/Ab3xYz');
  const cookie = res.cookies.find((c) => c.name === 'ratelink_uid');
  t.ok(cookie);
  t.match(cookie!.value, /^[A-Za-z0-9]{20}_[A-Za-z0-9_-]{22}$/, 'the visitor id and its signature');
  t.match(cookie, { httpOnly: true, sameSite: 'Lax', secure: true, path: '/', maxAge: 90 * 86_400 });
});

t.test('GET /ref/:code › RATELINK_COOKIE_NAME/DAYS apply; no Secure on an http site', async (t) => {
  const { get } = await setup(t, { siteUrl: 'http://exchanger.test', cookieName: 'ref_visitor', cookieDays: 30 });
  const res = await get('/ref/Ab3xYz');
  t.equal(res.headers.location, 'http://exchanger.test/');
  const cookie = res.cookies.find((c) => c.name === 'ref_visitor');
  t.match(cookie, { maxAge: 30 * 86_400, httpOnly: true });
  t.notOk(cookie!.secure);
});

t.test('GET /ref/:code › a cookie this server signed is kept; unsigned, forged or malformed ones are replaced', async (t) => {
  const { get, app } = await setup(t);
  const first = (await get('/ref/Ab3xYz')).cookies.find((c) => c.name === 'ratelink_uid')!.value;
  const kept = await get('/ref/Ab3xYz', { cookie: `ratelink_uid=${first}` });
  t.equal(kept.cookies.find((c) => c.name === 'ratelink_uid')?.value, first);
  const forged = `${first.slice(0, 20)}_${'A'.repeat(22)}`;
  const values = [];
  for (const cookie of ['Visitor_0001-ab', forged, '"x;<script>"', first.slice(0, 20)]) {
    const res = await get('/ref/Ab3xYz', { cookie: `ratelink_uid=${cookie}` });
    values.push(res.cookies.find((c) => c.name === 'ratelink_uid')!.value);
  }
  t.equal(new Set([first, ...values]).size, 5, 'each replaced by a new visitor');
  const hashes = (await selectRows<{ user_hash: string }>(app, 'select user_hash from clicks order by id')).map((r) => r.user_hash);
  t.same(hashes, [first, first, ...values].map((v) => app.visitors.readCookie(v)), 'each click carries its cookie\'s visitor id');
});
