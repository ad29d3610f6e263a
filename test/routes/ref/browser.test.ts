// End to end: a real headless Chromium follows a referral link to the exchange site.
import t, { type Test } from 'tap';
import { browserSkip, freePort, launchChromium } from '../../helpers/browser.js';
import { createServer as createApp, ratelink } from '../../../src/app.js';
import { testConfig } from '../../helpers/build.js';
import { addDirection, addPartnerWithLink, CHROME_UA } from '../../helpers/referral.js';
import { sqliteOf } from '../../../src/db/sqlite/index.js';

const skip = browserSkip;

/** ratelink on 127.0.0.1, with RATELINK_SITE_URL pointing at itself and a stand-in landing page. */
async function startSite(t: Test) {
  const port = await freePort();
  const site = `http://127.0.0.1:${port}`;
  const config = testConfig({ siteUrl: site, dbPath: ':memory:' });
  const app = createApp(config);
  await app.register(ratelink, { config });
  // The exchange site's pages, on the same server.
  await app.register(async (site) => {
    site.get('/exchange/:from/:to/', async (_request, reply) => reply.type('text/html').send('<title>direction</title>'));
    site.get('/', async (_request, reply) => reply.type('text/html').send('<title>home</title>'));
  });
  await app.ready();
  t.teardown(() => app.close());
  addDirection(sqliteOf(app.db).db, 'PMUSD', 'BTC');
  await addPartnerWithLink(app.repos, 'Chr0me');
  await app.listen({ host: '127.0.0.1', port });
  const clicks = () => sqliteOf(app.db).sqlite.prepare('select user_hash, browser, referrer, is_bot, is_repeat, cur_from, cur_to from clicks order by id').all();
  return { site, clicks, visitorOf: (cookie: string) => app.visitors.readCookie(cookie) };
}

const launch = launchChromium;

t.test('Chromium follows /ref/:code › lands on the direction page with the visitor cookie set', { skip }, async (t) => {
  const { site, clicks, visitorOf } = await startSite(t);
  const browser = await launch(t);
  const context = await browser.newContext({ userAgent: CHROME_UA });
  const page = await context.newPage();

  await page.goto(`${site}/ref/Chr0me/?cur_from=PMUSD&cur_to=BTC&utm_source=monitor`, { referer: 'https://www.bestchange.ru/' });
  t.equal(page.url(), `${site}/exchange/PMUSD/BTC/?utm_source=monitor`);
  t.equal(await page.title(), 'direction');

  const cookie = (await context.cookies(site)).find((c) => c.name === 'ratelink_uid');
  t.ok(cookie, 'visitor cookie stored by the browser');
  t.match(cookie, { httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
  const days = (cookie!.expires - Date.now() / 1000) / 86_400;
  t.ok(days > 89.9 && days <= 90, `cookie lives 90 days (${days.toFixed(3)})`);

  await page.goto(`${site}/ref/Chr0me/`);
  t.equal(page.url(), `${site}/`);
  t.same(clicks(), [
    { user_hash: visitorOf(cookie!.value), browser: 'Chrome', referrer: 'https://www.bestchange.ru/', is_bot: 0, is_repeat: 0, cur_from: 'PMUSD', cur_to: 'BTC' },
    { user_hash: visitorOf(cookie!.value), browser: 'Chrome', referrer: '', is_bot: 0, is_repeat: 1, cur_from: null, cur_to: null },
  ], 'both clicks recorded for the cookie\'s visitor; the second within 30 minutes is a repeat');
});

t.test('Chromium with its HeadlessChrome user agent › redirected, click flagged as a bot', { skip }, async (t) => {
  const { site, clicks } = await startSite(t);
  const browser = await launch(t);
  const page = await browser.newPage();
  await page.goto(`${site}/ref/Chr0me?cur_from=PMUSD&cur_to=BTC`);
  t.equal(page.url(), `${site}/exchange/PMUSD/BTC/`);
  t.match(clicks(), [{ is_bot: 1, is_repeat: 0 }]);
});
