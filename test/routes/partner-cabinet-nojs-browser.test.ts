// The cabinet with JavaScript turned off (Chromium, Russian, 375 px): signing in, a period, the
// language switch (the same page and query), Create API Access, a payout request and a password
// change all work as plain forms; the copy buttons, which need the script, stay hidden.
import t from 'tap';
import { browserSkip, launchChromium, startSite } from '../helpers/browser.js';
import { partnerWithAccount } from '../helpers/cabinet.js';
import { adjustBalance } from '../../src/services/ledger/entries.js';

t.test('Chromium without JavaScript (ru, 375 px) › every form still works', { skip: browserSkip }, async (t) => {
  const { app, site, now } = await startSite(t);
  const me = await partnerWithAccount(app);
  await adjustBalance(app.repos, me.id, { amount: '100', reason: 'bonus' }, now);
  const method = await app.repos.payoutMethods.insert({ title: 'Perfect Money USD', currency: 'USD', commission: '0' });
  const browser = await launchChromium(t);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ru-RU', viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  const h1 = () => page.locator('h1').textContent();

  await page.goto(`${site}/partner/dashboard?period=7d`);
  await page.locator('#f-email').fill(me.email);
  await page.locator('#f-password').fill(me.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(/\/partner\/dashboard\?period=7d$/);
  await page.locator('#p-from').fill('2026-11-01');
  await page.locator('#p-to').fill('2026-11-20');
  await page.getByRole('button', { name: 'Показать' }).click();
  await page.waitForURL(/from=2026-11-01&to=2026-11-20/);
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(/\/partner\/dashboard\?period=custom&from=2026-11-01&to=2026-11-20$/);
  t.equal(await h1(), 'Dashboard', 'the same page and period, in English');
  await page.getByRole('link', { name: 'Русский' }).click();
  t.equal(await h1(), 'Сводка');

  await page.goto(`${site}/partner/api`);
  await page.getByRole('button', { name: 'Создать API доступ' }).click();
  t.match(await page.locator('#new-api-key').textContent(), /^[A-Za-z0-9]{40}$/, 'the key, shown once');
  t.equal(await page.locator('[data-copy-target="new-api-key"]').isVisible(), false, 'no copy button without the script');

  await page.goto(`${site}/partner/payouts`);
  await page.locator('#f-method_id').selectOption(String(method.id));
  await page.locator('#f-amount').fill('12,5');
  await page.locator('#f-account').fill('U123');
  await page.getByRole('button', { name: 'Запросить выплату' }).click();
  await page.getByText(/Выплата \d+ запрошена/).waitFor();
  t.match(await page.locator('#payout-1').textContent(), /12,5/);

  await page.goto(`${site}/partner/password`);
  await page.locator('#f-current').fill(me.password);
  await page.locator('#f-password').fill('a new password 2026');
  await page.locator('#f-repeat').fill('a new password 2026');
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await page.getByText('Пароль изменён.', { exact: false }).waitFor();
  await page.locator('header').getByRole('button', { name: 'Выйти' }).click();
  await page.waitForURL(/\/partner\/login\?m=signed_out$/);
});
