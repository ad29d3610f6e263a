// /partner/password: a signed-in partner changes the password with the current one; other
// browsers and REST tokens are signed out, this one stays. Sessions end 30 days after sign-in.
import t from 'tap';
import { build } from '../../helpers/build.js';
import { Browser, partnerWithAccount } from '../../helpers/cabinet.js';
import { passwordResetLink } from '../../../src/services/accounts/accounts.js';
import { newSecretToken, tokenId } from '../../../src/services/accounts/secret-token.js';

const NEW = 'a brand new passphrase';
const now = () => Math.floor(Date.now() / 1000);

t.test('POST /partner/password › the current password checked; other browsers, REST tokens and open reset links end; this browser stays', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const b = new Browser(app);
  const other = new Browser(app);
  await b.signIn(p.email, p.password);
  await other.signIn(p.email, p.password);
  const rest = (await app.inject({ method: 'POST', url: '/api/auth/', payload: { login: p.email, password: p.password } })).json<{ token: string }>();
  const reset = await passwordResetLink(app.repos, app.config, p.id, now());

  const page = await b.get('/partner/password');
  t.equal(page.statusCode, 200);
  t.match(page.body, new RegExp(`<input id="f-username" name="username" type="email" value="${p.email}" autocomplete="username" readonly>`));
  t.match(page.body, /<a href="\/partner\/password" aria-current="page">|<a href="\/partner\/password">Change the password<\/a>/, 'linked from every page');

  const wrong = await b.post('/partner/password', { current: 'not my password', password: NEW, repeat: NEW });
  t.equal(wrong.statusCode, 400);
  t.match(wrong.body, /id="f-current-error">The current password is incorrect\./);
  const differ = await b.post('/partner/password', { current: p.password, password: NEW, repeat: `${NEW}!` });
  t.equal(differ.statusCode, 400);
  t.match(differ.body, /id="f-repeat-error">The passwords do not match\./);
  const short = await b.post('/partner/password', { current: p.password, password: 'short', repeat: 'short' });
  t.match(short.body, /id="f-password-error">The password is too short/);
  t.equal((await other.get('/partner/dashboard')).statusCode, 200, 'nothing changed yet');

  t.equal((await app.inject({ method: 'GET', url: '/api/partner/summary/', headers: { authorization: `JWT ${rest.token}` } })).statusCode, 200, 'the REST token works before');
  const changed = await b.submit('/partner/password', { current: p.password, password: NEW, repeat: NEW });
  t.equal(changed.status, 303, 'a redirect: reloading does not post again');
  t.match(changed.page.body, '<p class="notice info" role="status">Your password is changed. Every other browser and API token is signed out.</p>');
  t.equal((await b.get('/partner/dashboard')).statusCode, 200, 'this browser stays signed in');
  t.equal((await other.get('/partner/dashboard')).statusCode, 303, 'another browser is signed out');
  t.equal((await app.inject({ method: 'GET', url: '/api/partner/summary/', headers: { authorization: `JWT ${rest.token}` } })).statusCode, 401, 'a REST token of the old password is refused');
  t.equal((await new Browser(app).signIn(p.email, p.password)).statusCode, 401, 'the old password no longer signs in');
  t.equal((await new Browser(app).signIn(p.email, NEW)).statusCode, 303, 'the new one does');
  t.equal((await new Browser(app).get(new URL(reset.url).pathname)).statusCode, 410, 'a reset link asked for before cannot undo the change');
});

t.test('POST /partner/password › wrong current passwords count as failed sign-ins: 429 with Retry-After, even with the right one', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const b = new Browser(app, '10.0.0.9');
  await b.signIn(p.email, p.password);
  await b.get('/partner/password');
  const version = await app.repos.partnerAccounts.activeAuthVersion(p.id);
  for (let i = 0; i < 10; i++) t.equal((await b.post('/partner/password', { current: `guess ${i}`, password: NEW, repeat: NEW })).statusCode, 400);
  const throttled = await b.post('/partner/password', { current: p.password, password: NEW, repeat: NEW });
  t.equal(throttled.statusCode, 429);
  t.equal(throttled.headers['retry-after'], '900');
  t.match(throttled.body, /Too many attempts/);
  t.equal(await app.repos.partnerAccounts.activeAuthVersion(p.id), version, 'the password is unchanged');
  t.equal((await b.get('/partner/dashboard')).statusCode, 200, 'and the partner still signed in');
});

t.test('GET /partner/password › signed out: to sign in and back; in Russian', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const b = new Browser(app);
  const res = await b.get('/partner/password');
  t.equal(res.headers.location, '/partner/login?next=%2Fpartner%2Fpassword');
  b.lang = 'ru';
  await b.signIn(p.email, p.password);
  t.match((await b.get('/partner/password')).body, /<h1>Смена пароля<\/h1>[\s\S]*Текущий пароль/);
});

t.test('sessions › a session in daily use ends 30 days after its sign-in', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const session = async (signedInDaysAgo: number) => {
    const token = newSecretToken();
    const at = now() - signedInDaysAgo * 86400;
    await app.repos.partnerSessions.insert({ id: tokenId(token), partnerId: p.id, authVersion: (await app.repos.partnerAccounts.activeAuthVersion(p.id))!, createdAt: at, lastSeenAt: now(), expiresAt: now() + 86400 });
    const b = new Browser(app);
    b.cookies.set('ratelink_partner', token);
    return (await b.get('/partner/dashboard')).statusCode;
  };
  t.equal(await session(29), 200, 'signed in 29 days ago, used today');
  t.equal(await session(31), 303, 'signed in 31 days ago, used today: sign in again');
});
