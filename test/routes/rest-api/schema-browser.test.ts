// End to end in a real Chromium, the seed's own steps (seed 001) on /api/schema/: Try it out on
// /api/auth/ with the demo partner's email and password, take the token from the response
// body, Authorize with `JWT <token>`, Execute /api/partner/summary/: 200 with the balance.
import t from 'tap';
import { browserSkip, freePort, launchChromium } from '../../helpers/browser.js';
import { createServer as createApp, ratelink } from '../../../src/app.js';
import { loadDemoData } from '../../../src/demo/load.js';
import { testConfig } from '../../helpers/build.js';

const skip = browserSkip;

t.test('Chromium on /api/schema/ › the seed\'s steps: sign in, Authorize with JWT <token>, summary 200', { skip }, async (t) => {
  const port = await freePort();
  const site = `http://127.0.0.1:${port}`;
  const config = testConfig({ siteUrl: site, dbPath: ':memory:', demo: true });
  const app = createApp(config);
  await app.register(ratelink, { config });
  await app.ready();
  t.teardown(() => app.close());
  // The demo prints the first partner's cabinet password once, in its welcome text.
  const { cabinet } = await loadDemoData(app);
  const account = { email: cabinet!.email, password: cabinet!.password };
  await app.listen({ host: '127.0.0.1', port });

  const browser = await launchChromium(t);
  const page = await browser.newPage();
  const seen: string[] = [];
  page.on('request', (request) => { if (request.url().includes('/api/partner/summary/')) seen.push(request.headers().authorization ?? ''); });
  await page.goto(`${site}/api/schema/`);

  const auth = page.locator('.opblock').filter({ has: page.locator('[data-path="/api/auth/"]') }).first();
  await auth.locator('.opblock-summary').click();
  await auth.locator('button.try-out__btn').click();
  await auth.locator('textarea.body-param__text').fill(JSON.stringify({ login: account.email, password: account.password }));
  await auth.locator('button.execute').click();
  const authBody = await auth.locator('.live-responses-table .response-col_description pre').first().textContent();
  const token = (JSON.parse(authBody!) as { token: string }).token;
  t.match(token, /^eyJ/, 'the token is in the response body');

  await page.locator('.scheme-container button.authorize').click();
  await page.locator('.auth-container input').fill(`JWT ${token}`);
  await page.locator('.auth-btn-wrapper button.authorize').click();
  await page.locator('.auth-btn-wrapper button.btn-done').click();

  const summary = page.locator('.opblock').filter({ has: page.locator('[data-path="/api/partner/summary/"]') }).first();
  await summary.locator('.opblock-summary').click();
  await summary.locator('button.try-out__btn').click();
  await summary.locator('button.execute').click();
  const status = await summary.locator('.live-responses-table tbody .response-col_status').first().textContent();
  t.match(status ?? '', /200/, 'Execute answers 200');
  const body = JSON.parse((await summary.locator('.live-responses-table .response-col_description pre').first().textContent())!) as { balance: string };
  const expected = (await app.inject({ url: '/api/partner/summary/', headers: { authorization: `JWT ${token}` } })).json<{ balance: string }>().balance;
  t.equal(body.balance, expected, `the demo partner's balance (${expected})`);
  t.same(seen, [`JWT ${token}`], 'Swagger UI sent exactly what was typed');
});

t.test('Chromium on /api/schema/ › served over plain HTTP on a name other than localhost, the page still loads its own assets', { skip }, async (t) => {
  const port = await freePort();
  const config = testConfig({ siteUrl: `http://lan.example:${port}`, dbPath: ':memory:' });
  const app = createApp(config);
  await app.register(ratelink, { config });
  await app.listen({ host: '127.0.0.1', port });
  t.teardown(() => app.close());
  // The browser takes lan.example for a host of its own: no localhost exemption applies.
  const browser = await launchChromium(t, ['--host-resolver-rules=MAP lan.example 127.0.0.1']);
  const page = await browser.newPage();
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(request.url()));
  await page.goto(`http://lan.example:${port}/api/schema/`);
  await page.locator('[data-path="/api/auth/"]').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  t.same(failed, [], 'no asset upgraded to https:// (or fetched anywhere else)');
  t.ok(await page.locator('[data-path="/api/partner/summary/"]').count() > 0, 'the operations are shown');
});
