// The cabinet's tables as a browser shows them: a link's numbers in sight on a desktop
// (1280 px), and no words shown twice (a table's caption under a heading that says the same).
import t from 'tap';
import type { Page } from 'playwright-core';
import { browserSkip, launchChromium, startSite } from '../helpers/browser.js';
import { partnerWithAccount } from '../helpers/cabinet.js';
import { exchange, seed } from '../helpers/partner-api.js';
import { adjustBalance } from '../../src/services/ledger/entries.js';
import { requestPayout } from '../../src/services/ledger/payouts.js';
import { issueApiKey } from '../../src/services/partners/api-keys.js';
import { createLink } from '../../src/services/partners/partners.js';

const skip = browserSkip;

async function signIn(page: Page, site: string, me: { email: string; password: string }) {
  await page.goto(`${site}/partner/login`);
  await page.locator('#f-email').fill(me.email);
  await page.locator('#f-password').fill(me.password);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/\/partner\/dashboard$/);
}

for (const lang of ['en', 'ru'] as const) {
  t.test(`Chromium (${lang}, 1280 px) › "Your links and their numbers" shows the numbers without scrolling the table sideways`, { skip }, async (t) => {
    const { app, site } = await startSite(t);
    const me = await partnerWithAccount(app);
    await createLink(app.repos, app.config, me.id, { code: 'Forum-spring-2026', name: 'Форум, весна' });
    const browser = await launchChromium(t);
    const page = await browser.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB', viewport: { width: 1280, height: 900 } });
    await signIn(page, site, me);
    await page.goto(`${site}/partner/program`);
    const hidden = await page.evaluate(() => {
      const wrap = document.querySelector('#links-listed')!.closest('.table-wrap')!.getBoundingClientRect();
      return [...document.querySelectorAll('#links-listed thead th.num')]
        .filter((th) => th.getBoundingClientRect().right > wrap.right + 1).map((th) => th.textContent);
    });
    t.same(hidden, [], 'clicks, exchanges, earnings and conversion in sight');
  });
}

t.test('Chromium (ru, 375 px) › a table under a heading of the same words does not show them twice', { skip }, async (t) => {
  const { app, site, now } = await startSite(t);
  const me = await partnerWithAccount(app);
  await adjustBalance(app.repos, me.id, { amount: '100', reason: 'bonus' }, now);
  const method = await app.repos.payoutMethods.insert({ title: 'Perfect Money USD', currency: 'USD', commission: '0' });
  await requestPayout(app.repos, { partnerId: me.id, methodId: method.id, account: 'U123' }, now);
  await issueApiKey(app.repos, me.id);
  await seed(app, { exchanges: [exchange(me.id, now - 60)] });
  await app.repos.events.insertEndpoint({ partnerId: me.id, kind: 'webhook', url: 'https://hooks.example.com/', events: '["payout.paid"]', secret: 'whsec_x', createdAt: now });
  const browser = await launchChromium(t);
  const page = await browser.newPage({ locale: 'ru-RU', viewport: { width: 375, height: 800 } });
  await signIn(page, site, me);
  for (const path of ['/partner/payouts', '/partner/api', '/partner/exchanges', '/partner/webhooks']) {
    await page.goto(`${site}${path}`);
    const twice = await page.evaluate(() => {
      const headings = new Set([...document.querySelectorAll('main h1, main h2, main h3')].map((h) => h.textContent!.trim()));
      return [...document.querySelectorAll('main caption')]
        .filter((c) => c.getBoundingClientRect().height > 1 && headings.has(c.textContent!.trim())).map((c) => c.textContent);
    });
    t.same(twice, [], path);
  }
});
