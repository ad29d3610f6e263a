// End to end in a real headless Chromium, in English and Russian at 375 px: sign in, create a
// promotion link in the cabinet (a server-side error shown next to its field first), follow the
// link (/ref/CODE) in Chromium, and see the click in the link's numbers and on the Partnership
// program page. Each new page: axe-core without serious or critical violations, no CSP
// violation, no sideways scroll, a screenshot under test-artifacts/partner-cabinet/.
import t from 'tap';
import { browserSkip, checkPage, launchChromium, startSite } from '../helpers/browser.js';
import { partnerWithAccount } from '../helpers/cabinet.js';
import { CHROME_UA } from '../helpers/referral.js';



const TEXT = {
  en: { signIn: 'Sign in', program: 'Partnership program', create: 'Create a link', submit: 'Create the link', created: 'The link is created.', origin: /Only pages of http:\/\/127\.0\.0\.1:\d+ are allowed/, page: 'A page of the site', direction: 'An exchange direction' },
  ru: { signIn: 'Войти', program: 'Партнерская программа', create: 'Создать ссылку', submit: 'Создать ссылку', created: 'Ссылка создана.', origin: /Разрешены только страницы http:\/\/127\.0\.0\.1:\d+/, page: 'Страница сайта', direction: 'Направление обмена' },
};

for (const lang of ['en', 'ru'] as const) {
  t.test(`Chromium (${lang}) › create a promotion link in the cabinet, follow it, see the click in its numbers`, { skip: browserSkip }, async (t) => {
    const { app, site } = await startSite(t);
    const me = await partnerWithAccount(app, { name: `Partner ${lang}` });
    const browser = await launchChromium(t);
    // A desktop Chrome's user agent: headless Chromium's own ("HeadlessChrome") is a bot's, whose clicks are stored but not counted.
    const context = await browser.newContext({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB', viewport: { width: 375, height: 800 }, userAgent: CHROME_UA });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });
    const x = TEXT[lang];
    const code = `Spring-${lang}`;
    const name = `Форум «весна» \u05e9\u05dc\u05d5\u05dd 🚀 <b>${lang}</b>`;

    await page.goto(`${site}/partner/login`);
    await page.locator('#f-email').fill(me.email);
    await page.locator('#f-password').fill(me.password);
    await page.getByRole('button', { name: x.signIn }).click();
    await page.waitForURL(/\/partner\/dashboard$/);
    await page.locator('nav.main').getByRole('link', { name: x.program }).click();
    await page.getByRole('link', { name: x.create }).click();
    await page.waitForURL(/\/partner\/links\/new$/);
    await checkPage(t, page, `${lang}-links-1-new`, violations);

    // Off the site first: the server's message next to the field, in the page's language.
    await page.locator('#f-name').fill(name);
    await page.locator('#f-code').fill(code);
    await page.getByLabel(x.page).check();
    await page.locator('#f-path').fill('https://evil.example/');
    await page.getByRole('button', { name: x.submit }).click();
    await page.locator('#f-path-error').waitFor();
    t.match(await page.locator('#f-path-error').textContent(), x.origin);
    t.equal(await page.locator('#f-path').getAttribute('aria-invalid'), 'true');
    await checkPage(t, page, `${lang}-links-2-error`, violations);

    await page.getByLabel(x.direction).check();
    await page.locator('#f-direction').selectOption('PMUSD>BTC');
    await page.locator('#f-path').fill('');
    await page.getByRole('button', { name: x.submit }).click();
    await page.waitForURL(new RegExp(`/partner/links/${code}\\?m=created$`));
    await page.getByText(x.created).waitFor();
    t.equal(await page.locator('h1').textContent(), `${lang === 'ru' ? 'Ссылка' : 'Link'} ${name}`, 'the name shown as typed, not as markup');
    const url = (await page.locator('#link-url').textContent())!;
    t.equal(url, `${site}/ref/${code}/`);
    t.equal(await page.locator('#link-figures dd').first().textContent(), '0');
    await checkPage(t, page, `${lang}-links-3-page`, violations);

    // The visitor: another tab of the same Chromium follows the link to the direction's page.
    const visitor = await context.newPage();
    const followed = await visitor.goto(url);
    t.match(visitor.url(), new RegExp(`^${site}/`), `followed to the site (${visitor.url()}, ${followed?.status()})`);
    t.match(visitor.url(), /PMUSD/, 'to the chosen direction');
    await visitor.close();

    await page.reload();
    t.equal(await page.locator('#link-figures dd').first().textContent(), '1', 'the click in the link\'s numbers');
    const today = new Date().toISOString().slice(0, 10);
    t.equal(await page.locator(`#link-days tr:has(th:text-is("${today}")) td`).first().textContent(), '1', 'today\'s row has the click');
    t.ok(await page.locator('#link-chart rect.bar-clicks').count() > 0, 'the chart has a bar');

    await page.locator('nav.main').getByRole('link', { name: x.program }).click();
    const row = page.locator(`#link-row-${code}`);
    await row.waitFor();
    t.equal(await row.locator('td.num').first().textContent(), '1', 'the click on the Partnership program page');
    t.ok(await row.locator(`[data-copy-target="url-${code}"]`).isVisible(), 'a copy button for the link');
    await checkPage(t, page, `${lang}-links-4-program`, violations);
  });
}
