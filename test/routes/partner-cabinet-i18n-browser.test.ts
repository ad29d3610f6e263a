// What only a browser shows, in English and Russian at a phone's width (375 px): the chart's
// labels whole inside the picture.
import t from 'tap';
import type { Page } from 'playwright-core';
import { browserSkip, launchChromium, startSite } from '../helpers/browser.js';
import { partnerWithAccount } from '../helpers/cabinet.js';
import { adjustBalance } from '../../src/services/ledger/entries.js';

const skip = browserSkip;

async function signIn(page: Page, site: string, me: { email: string; password: string }) {
  await page.goto(`${site}/partner/login`);
  await page.locator('#f-email').fill(me.email);
  await page.locator('#f-password').fill(me.password);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/\/partner\/dashboard$/);
}

for (const lang of ['en', 'ru'] as const) {
  t.test(`Chromium (${lang}, 375 px) › the dashboard chart's labels are whole, a seven-digit amount included`, { skip }, async (t) => {
    const { app, site, now } = await startSite(t);
    const me = await partnerWithAccount(app);
    await adjustBalance(app.repos, me.id, { amount: '1234567.89', reason: 'bonus' }, now);
    const browser = await launchChromium(t);
    const page = await browser.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB', viewport: { width: 375, height: 800 } });
    await signIn(page, site, me);
    const labels = await page.evaluate(() => {
      const svg = document.querySelector('#daily-chart svg') as SVGSVGElement;
      const width = svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll('text')].map((text) => {
        const box = text.getBBox();
        return { text: text.textContent, inside: box.x >= 0 && box.x + box.width <= width };
      });
    });
    t.ok(labels.some((l) => l.text === (lang === 'ru' ? '1\u00a0234\u00a0567,89' : '1,234,567.89')), 'the earnings scale is drawn');
    t.same(labels.filter((l) => !l.inside), [], 'no label runs past the edge of the chart');
  });
}
