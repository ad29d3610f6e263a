// End to end in a real headless Chromium: invite → set password → sign in → dashboard chart →
// Partnership program → Create API Access (the key works on api.php) → request a payout (the
// operator sees it) → webhooks (add one, its secret once) → change the password → sign out; in English and in Russian. Each page is checked with axe-core
// (no serious or critical violations), must not scroll sideways at 375 px, must raise no CSP
// violation, and is saved as a screenshot under test-artifacts/partner-cabinet/ (gitignored).
import t, { type Test } from 'tap';
import { browserSkip, checkPage, launchChromium, startSite } from '../helpers/browser.js';
import { adminHeaders } from '../helpers/build.js';
import { click, exchange, seed } from '../helpers/partner-api.js';
import { createLink, createPartner } from '../../src/services/partners/partners.js';
import { adjustBalance } from '../../src/services/ledger/entries.js';

const skip = browserSkip;
const PASSWORD = 'a long browser password';

async function startCabinetSite(t: Test) {
  const site = await startSite(t);
  const method = await site.app.repos.payoutMethods.insert({ title: 'Perfect Money USD', currency: 'USD', commission: '0' });
  return { ...site, method };
}

async function newPartner(app: Awaited<ReturnType<typeof startSite>>['app'], name: string, email: string, now: number) {
  const partner = await createPartner(app.repos, { name, email, reward_percent: '1' });
  await createLink(app.repos, app.config, partner.id, {});
  await seed(app, {
    clicks: Array.from({ length: 12 }, (_, i) => click(partner.id, now - (i % 6) * 86400 - 60)),
    exchanges: [exchange(partner.id, now - 120), exchange(partner.id, now - 86400 * 2)],
  });
  await adjustBalance(app.repos, partner.id, { amount: '150', reason: 'bonus' }, now);
  const invite = await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders });
  return { id: partner.id, url: invite.json().url as string };
}


const launch = launchChromium;

const TEXT = {
  en: { change: 'Change the password', changed: 'Your password is changed.', set: 'Save the password', signIn: 'Sign in', program: 'Partnership program', link: 'Your partnership link', api: 'API', create: 'Create API Access', payouts: 'Payouts', request: 'Request the payout', out: 'Sign out', requested: /Payout \d+ requested/ },
  ru: { change: 'Сменить пароль', changed: 'Пароль изменён.', set: 'Сохранить пароль', signIn: 'Войти', program: 'Партнерская программа', link: 'Ваша партнерская ссылка', api: 'API', create: 'Создать API доступ', payouts: 'Выплаты', request: 'Запросить выплату', out: 'Выйти', requested: /Выплата \d+ запрошена/ },
};

for (const lang of ['en', 'ru'] as const) {
  t.test(`Chromium (${lang}) › invite → password → sign in → dashboard → program → API key → payout → sign out`, { skip }, async (t) => {
    const { app, site, method, now } = await startCabinetSite(t);
    const email = `${lang}@partner.example`;
    const partner = await newPartner(app, `Partner ${lang}`, email, now);
    const browser = await launch(t);
    const context = await browser.newContext({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB', viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });
    const x = TEXT[lang];

    await page.goto(partner.url);
    await checkPage(t, page, `${lang}-1-set-password`, violations);
    // Keyboard only: the skip link comes first, then the fields in order.
    await page.keyboard.press('Tab');
    t.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
    await page.locator('#f-password').focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/partner\/login\?m=password_set/);
    await checkPage(t, page, `${lang}-2-login`, violations);

    await page.getByLabel(/Email/).fill(email);
    await page.locator('#f-password').fill(PASSWORD);
    await page.getByRole('button', { name: x.signIn }).click();
    await page.waitForURL(/\/partner\/dashboard$/);
    const bars = await page.locator('#daily-chart svg rect').count();
    t.ok(bars > 0, `the chart is drawn with data (${bars} bars)`);
    t.equal(await page.locator('#daily-table tbody tr').count(), 30, 'a table row per day');
    await checkPage(t, page, `${lang}-3-dashboard`, violations);

    await page.getByRole('link', { name: x.program }).click();
    await page.getByRole('heading', { name: x.link }).waitFor();
    t.match(await page.locator('#link-main').textContent(), new RegExp(`^${site}/ref/[A-Za-z0-9]+/$`));
    t.ok(await page.locator('[data-copy-target="link-main"]').isVisible(), 'the copy button shows with the script');
    await page.selectOption('#b-cur_from', 'PMUSD');
    await page.selectOption('#b-cur_to', 'BTC');
    await page.locator('#builder-title ~ form button[type=submit]').click();
    await page.locator('#link-built').waitFor();
    t.match(await page.locator('#link-built').textContent(), /\/\?cur_from=PMUSD&cur_to=BTC$/);
    await checkPage(t, page, `${lang}-4-program`, violations);

    await page.locator('nav.main').getByRole('link', { name: x.api, exact: true }).click();
    await page.getByRole('button', { name: x.create }).click();
    const key = (await page.locator('#new-api-key').textContent())!;
    t.match(key, /^[A-Za-z0-9]{40}$/);
    const api = await page.request.get(`${site}/service/partner/api.php?api_action=pp&api_key=${key}&method=get_info`);
    t.equal((await api.json()).status, 'success', 'the new key works on api.php');
    await checkPage(t, page, `${lang}-5-api`, violations);
    await page.reload();
    t.equal(await page.locator('#new-api-key').count(), 0, 'a reload shows the key no more');
    t.equal((await app.repos.apiKeys.listByPartner(partner.id)).filter((k) => k.revokedAt === null).length, 1, 'and creates no other');
    // Revoking asks first: dismissed, the key stays; accepted, it is revoked.
    const asked: string[] = [];
    let accept = false;
    const answer = (dialog: import('playwright-core').Dialog) => { asked.push(dialog.message()); void (accept ? dialog.accept() : dialog.dismiss()); };
    page.on('dialog', answer);
    await page.getByRole('button', { name: `${lang === 'ru' ? 'Отозвать' : 'Revoke'} ${key.slice(0, 8)}` }).click();
    t.equal((await app.repos.apiKeys.listByPartner(partner.id))[0]!.revokedAt, null, 'dismissed: not revoked');
    accept = true;
    await page.getByRole('button', { name: `${lang === 'ru' ? 'Отозвать' : 'Revoke'} ${key.slice(0, 8)}` }).click();
    await page.waitForURL(/m=key_revoked/);
    page.off('dialog', answer);
    t.equal(asked.length, 2, 'asked each time');
    t.match(asked[0], lang === 'ru' ? /^Отозвать ключ \w{8}\? Программы/ : /^Revoke the key \w{8}\? Programs that use it stop/, 'the question, in the page\'s language');
    t.notOk((await app.repos.apiKeys.listByPartner(partner.id))[0]!.revokedAt === null, 'accepted: revoked');

    await page.locator('nav.main').getByRole('link', { name: x.payouts }).click();
    await page.locator('#f-method_id').selectOption(String(method.id));
    await page.locator('#f-amount').fill('50');
    await page.locator('#f-account').fill('U1234567 «Ёж» 🚀');
    await page.getByRole('button', { name: x.request }).click();
    await page.getByText(x.requested).waitFor();
    await checkPage(t, page, `${lang}-6-payouts`, violations);
    const ops = await app.inject({ method: 'GET', url: `/admin/payouts?partner_id=${partner.id}`, headers: adminHeaders });
    const items = ops.json().items ?? ops.json();
    t.equal(items[0]?.account, 'U1234567 «Ёж» 🚀', 'the operator sees the request');
    await page.reload();
    await page.getByText(x.requested).waitFor();
    const afterReload = await app.inject({ method: 'GET', url: `/admin/payouts?partner_id=${partner.id}`, headers: adminHeaders });
    t.equal((afterReload.json().items ?? afterReload.json()).length, items.length, 'reloading the page requests nothing again');

    await page.locator('nav.main').getByRole('link', { name: lang === 'ru' ? 'Обмены' : 'Exchanges' }).click();
    await checkPage(t, page, `${lang}-7-exchanges`, violations);
    await page.locator('nav.main').getByRole('link', { name: lang === 'ru' ? 'Переходы' : 'Clicks' }).click();
    await checkPage(t, page, `${lang}-8-clicks`, violations);

    // Webhooks & postbacks: add a webhook; its signing secret is shown once.
    await page.locator('nav.main').getByRole('link', { name: lang === 'ru' ? 'Вебхуки и постбэки' : 'Webhooks & postbacks' }).click();
    await checkPage(t, page, `${lang}-9-webhooks`, violations);
    await page.locator('#f-webhook_url').fill('https://hooks.partner.example/ratelink');
    await page.getByRole('button', { name: lang === 'ru' ? 'Добавить вебхук' : 'Add a webhook' }).click();
    t.match(await page.locator('#webhook-secret').textContent(), /^whsec_/, 'the secret, shown once');
    await checkPage(t, page, `${lang}-10-webhook-added`, violations);
    await page.reload();
    t.equal(await page.locator('#webhook-secret').count(), 0, 'not shown again');
    t.equal((await app.repos.events.listEndpoints(partner.id)).length, 1, 'a reload adds no other');
    t.match(await page.locator('table').first().textContent(), /hooks\.partner\.example/, 'listed');

    // The password, changed from the link at the foot of every page: this browser stays signed in.
    await page.locator('footer a[href="/partner/password"]').click();
    await page.locator('#f-current').fill(PASSWORD);
    await page.locator('#f-password').fill(`${PASSWORD} 2`);
    await page.locator('#f-repeat').fill(`${PASSWORD} 2`);
    await page.getByRole('button', { name: x.change }).click();
    await page.getByText(x.changed).waitFor();
    await checkPage(t, page, `${lang}-11-password-changed`, violations);
    await page.reload();
    t.equal(await page.locator('#f-current').count(), 1, 'still signed in after the change and a reload');

    // The sessions, from the foot of every page: this browser (Chromium) is the one left.
    await page.locator('footer a[href="/partner/sessions"]').click();
    const devices = await page.locator('tbody th[scope=row]').allTextContents();
    t.equal(devices.length, 1, 'one session left after the password change');
    t.match(devices[0], /^Chrom[a-z]*, Linux$/, 'this Chromium, on Linux');
    t.equal(await page.locator('tbody strong').textContent(), lang === 'ru' ? 'Этот браузер' : 'This browser');
    await checkPage(t, page, `${lang}-12-sessions`, violations);

    await page.locator('header').getByRole('button', { name: x.out }).click();
    await page.waitForURL(/\/partner\/login\?m=signed_out/);
    await page.goto(`${site}/partner/dashboard`);
    t.match(page.url(), /\/partner\/login\?next=/, 'signed out');
  });
}
