// The cabinet in the partner's language, page by page: words that came from the code (not from
// the message files), times without their time zone, errors in another language.
import t from 'tap';
import type { Test } from 'tap';
import { build } from '../../helpers/build.js';
import { Browser, partnerWithAccount } from '../../helpers/cabinet.js';
import { click, seed } from '../../helpers/partner-api.js';
import { freePort } from '../../helpers/browser.js';
import { translator } from '../../../src/messages/index.js';
import { deliveryErrorText } from '../../../src/routes/partner-cabinet/views/webhooks.js';
import { recordEvents } from '../../../src/services/events/outbox.js';

const now = () => Math.floor(Date.now() / 1000);

async function signedIn(t: Test, lang: 'en' | 'ru', overrides = {}) {
  const app = await build(t, overrides);
  const me = await partnerWithAccount(app, { name: 'Me' });
  const b = new Browser(app);
  b.lang = lang;
  await b.signIn(me.email, me.password);
  return { app, me, b };
}

/** The visible text of a page's main part, tags dropped. */
const mainText = (body: string) => body.slice(body.indexOf('<main'), body.indexOf('</main>')).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

t.test('clicks › a browser the click could not name is "Неизвестен" on the Russian page, not "Unknown"', async (t) => {
  const { app, me, b } = await signedIn(t, 'ru');
  await seed(app, { clicks: [click(me.id, now() - 60, { browser: 'Unknown' }), click(me.id, now() - 30, { browser: 'Firefox' })] });
  const text = mainText((await b.get('/partner/clicks')).body);
  t.notMatch(text, /Unknown/);
  t.match(text, /Неизвестен/);
  t.match(text, /Firefox/, 'a named browser keeps its name');
  b.lang = 'en';
  t.match(mainText((await b.get('/partner/clicks')).body), /Unknown/);
});

t.test('times › every date and time says its time zone: UTC, or the operator\'s offset', async (t) => {
  for (const [timeZone, zone] of [['UTC', 'UTC'], ['Europe/Moscow', 'GMT+3']] as const) {
    const { app, me, b } = await signedIn(t, 'ru', { timeZone });
    await seed(app, { clicks: [click(me.id, Date.parse('2026-03-01T12:34:00Z') / 1000)] });
    await b.post('/partner/api/keys');
    const hour = timeZone === 'UTC' ? '12:34' : '15:34';
    t.match(mainText((await b.get('/partner/clicks?period=custom&from=2026-03-01&to=2026-03-01')).body), `1 мар. 2026 г., ${hour} ${zone}`, `clicks, ${timeZone}`);
    t.match(mainText((await b.get('/partner/api')).body), new RegExp(`\\d{2}:\\d{2} ${zone.replace('+', '\\+')} никогда`), `API keys, ${timeZone}`);
  }
});

t.test('dashboard › its days say whose days they are (RATELINK_TZ), as a link\'s page says UTC', async (t) => {
  for (const timeZone of ['UTC', 'Europe/Moscow']) {
    const { b } = await signedIn(t, 'ru', { timeZone });
    const text = mainText((await b.get('/partner/dashboard')).body);
    t.match(text, `По дням (${timeZone})`, timeZone);
    t.match(text, `Показатели по дням (${timeZone})`, timeZone);
  }
});

t.test('webhooks › a failing endpoint\'s last error is in the partner\'s language, not Node\'s English ("connect ECONNREFUSED …")', async (t) => {
  const { app, me, b } = await signedIn(t, 'ru', { partnerWebhookAllowHosts: ['127.0.0.1'] });
  const closed = await freePort();
  await b.get('/partner/webhooks');
  await b.post('/partner/webhooks', { kind: 'webhook', webhook_url: `http://127.0.0.1:${closed}/hook`, events: 'payout.requested' });
  await app.repos.transaction(async (tx) => {
    await recordEvents(tx, [{ type: 'payout.requested', partnerId: me.id, data: {} }], now());
  });
  await app.eventDelivery.runNow();
  const status = /<td class="endpoint-status">(.*?)<\/td>/.exec((await b.get('/partner/webhooks')).body)?.[1] ?? '';
  t.match(status, 'Последняя ошибка: ваш сервер не принял соединение (ECONNREFUSED)');
  t.notMatch(status, /connect|127\.0\.0\.1/, 'no English words, no address');
  b.lang = 'en';
  t.match((await b.get('/partner/webhooks')).body, 'Last error: your server refused the connection (ECONNREFUSED)');
});

t.test('webhooks › each kind of delivery error in words of the page', async (t) => {
  const ru = translator('ru', 'UTC');
  const cases: Array<[string, string]> = [
    ['HTTP 500', 'HTTP 500'],
    ['no answer within 10000 ms', 'ваш сервер не ответил вовремя'],
    ['hooks.example resolves to an internal address', 'адрес во внутренней сети'],
    ['getaddrinfo ENOTFOUND hooks.example', 'имя сервера не найдено (ENOTFOUND)'],
    ['read ECONNRESET', 'соединение прервано (ECONNRESET)'],
    ['socket hang up', 'соединение прервано'],
    ['certificate has expired', 'сертификат TLS вашего сервера не принят'],
    ['Something odd', 'запрос не удался'],
  ];
  for (const [raw, shown] of cases) t.equal(deliveryErrorText(ru, raw), shown, raw);
});

t.test('404 › signed out, its link says where it leads: «Вход», not «Сводка» to the sign-in page', async (t) => {
  const app = await build(t);
  const b = new Browser(app);
  b.lang = 'ru';
  const page = await b.get('/partner/nothing-here');
  t.equal(page.statusCode, 404);
  t.match(page.body, '<a href="/partner/login">Вход</a>');
  const me = await partnerWithAccount(app);
  await b.signIn(me.email, me.password);
  t.match((await b.get('/partner/nothing-here')).body, '<a href="/partner/dashboard">Сводка</a>');
});

t.test('dashboard › the table\'s earnings column names its currency, as the chart and the links table do', async (t) => {
  const { b } = await signedIn(t, 'ru');
  const body = (await b.get('/partner/dashboard')).body;
  const head = /<table id="daily-table">[\s\S]*?<\/thead>/.exec(body)?.[0] ?? '';
  t.match(head, '<th scope="col" class="num">Заработано, USD</th>');
});

t.test('percentages › written as the language writes them: "1.5%" in English, «1,5 %» (no break) in Russian', async (t) => {
  for (const [lang, reward, zero] of [['en', '1%', '0%'], ['ru', '1\u00a0%', '0\u00a0%']] as const) {
    const { b } = await signedIn(t, lang);
    const body = (await b.get('/partner/dashboard')).body;
    t.match(body, `<dd>${reward}</dd>`, `${lang}: the reward percent`);
    t.match(body, `<td class="num">${zero}</td>`, `${lang}: a day's conversion`);
    t.notMatch(body, /\d %/, `${lang}: no breakable space before %`);
  }
});

t.test('link edit › the way back names the link as its page does («Ссылка Форум, весна»), not by its code', async (t) => {
  const { b } = await signedIn(t, 'ru');
  await b.get('/partner/links/new');
  await b.post('/partner/links', { name: 'Форум, весна', code: 'Forum-spring', type: 'client', target: 'home', visibility: 'listed' });
  const edit = (await b.get('/partner/links/Forum-spring/edit')).body;
  t.match(edit, '<a href="/partner/links/Forum-spring">Ссылка Форум, весна</a>');
});
