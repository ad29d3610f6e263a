// /partner/sessions: where the account is signed in, and ending one browser's session without
// signing out everywhere. A partner sees and ends only their own sessions.
import t, { type Test } from 'tap';
import { build } from '../../helpers/build.js';
import { Browser, partnerWithAccount } from '../../helpers/cabinet.js';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

async function signInWith(b: Browser, email: string, password: string, userAgent: string) {
  await b.get('/partner/login', { 'user-agent': userAgent });
  return b.post('/partner/login', { email, password }, { 'user-agent': userAgent });
}

/** One partner signed in twice: Firefox on Windows from 203.0.113.9, Safari on an iPhone from 198.51.100.7. */
async function laptopAndPhone(t: Test) {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const laptop = new Browser(app, '203.0.113.9');
  const phone = new Browser(app, '198.51.100.7');
  await signInWith(laptop, p.email, p.password, FIREFOX);
  await signInWith(phone, p.email, p.password, SAFARI);
  return { app, laptop, phone };
}

const rows = (body: string) => [...body.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td>.*?<\/tr>/gs)].map((m) => ({ device: m[1], ip: m[2], row: m[0] }));

t.test('GET /partner/sessions › each browser signed in, with its browser, system and address; this one marked; linked from every page', async (t) => {
  const { laptop } = await laptopAndPhone(t);
  const page = await laptop.get('/partner/sessions');
  t.equal(page.statusCode, 200);
  t.match(page.body, /<h1>Signed-in sessions<\/h1>/);
  const listed = rows(page.body);
  t.same(listed.map((r) => [r.device, r.ip]).sort(), [['Firefox, Windows', '203.0.113.9'], ['Safari, iOS', '198.51.100.7']]);
  t.match(listed.find((r) => r.device === 'Firefox, Windows')!.row, /<strong>This browser<\/strong>/);
  t.match(listed.find((r) => r.device === 'Safari, iOS')!.row, /<form method="post" action="\/partner\/sessions\/[0-9a-f]{16}\/end">/);
  t.match((await laptop.get('/partner/dashboard')).body, '<a href="/partner/sessions">Signed-in sessions</a>');
  laptop.lang = 'ru';
  const ru = await laptop.get('/partner/sessions');
  t.match(ru.body, /<h1>Сеансы входа<\/h1>/);
  t.match(ru.body, /<strong>Этот браузер<\/strong>/);
});

t.test('POST /partner/sessions/:ref/end › that browser is signed out at once, this one stays; a reload sends nothing again', async (t) => {
  const { laptop, phone } = await laptopAndPhone(t);
  t.equal((await phone.get('/partner/dashboard')).statusCode, 200);
  const action = /action="(\/partner\/sessions\/[0-9a-f]{16}\/end)"/.exec((await laptop.get('/partner/sessions')).body)![1]!;
  const ended = await laptop.submit(action);
  t.equal(ended.status, 303);
  t.match(ended.page.body, '<p class="notice info" role="status">The session is ended: that browser is signed out.</p>');
  t.same(rows(ended.page.body).map((r) => r.device), ['Firefox, Windows'], 'only this browser is left');
  const gone = await phone.get('/partner/dashboard');
  t.equal(gone.statusCode, 303, 'the phone is sent to sign in');
  t.match(gone.headers.location, /^\/partner\/login/);
  t.equal((await laptop.get('/partner/dashboard')).statusCode, 200, 'this browser stays signed in');
  t.equal((await laptop.post(action)).statusCode, 404, 'ended already: nothing to end');
});

t.test('POST /partner/sessions/:ref/end › another partner\'s session, this browser\'s own prefix mangled, or no ref: "Not found"; nothing ends', async (t) => {
  const app = await build(t);
  const me = await partnerWithAccount(app);
  const them = await partnerWithAccount(app);
  const b = new Browser(app);
  const theirs = new Browser(app);
  await signInWith(b, me.email, me.password, FIREFOX);
  await signInWith(theirs, them.email, them.password, SAFARI);
  const [row] = await app.repos.partnerSessions.listOpen(them.id, Math.floor(Date.now() / 1000));
  for (const ref of [row!.id.slice(0, 16), 'zzzzzzzzzzzzzzzz', row!.id.slice(0, 15), `${row!.id.slice(0, 16)}00`, '%00']) {
    t.equal((await b.post(`/partner/sessions/${ref}/end`)).statusCode, 404, ref);
  }
  t.equal((await theirs.get('/partner/dashboard')).statusCode, 200, 'their session is untouched');
});

t.test('GET /partner/sessions › sessions ended by a new password or "sign out everywhere" are not listed', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const a = new Browser(app);
  const b = new Browser(app);
  await signInWith(a, p.email, p.password, FIREFOX);
  await signInWith(b, p.email, p.password, SAFARI);
  await b.submit('/partner/logout-everywhere');
  await signInWith(a, p.email, p.password, FIREFOX);
  t.same(rows((await a.get('/partner/sessions')).body).map((r) => r.device), ['Firefox, Windows']);
});
