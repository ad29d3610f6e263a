import t from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { Browser, PASSWORD, partnerWithAccount } from '../../helpers/cabinet.js';
import { createPartner } from '../../../src/services/partners/partners.js';
import { SIGN_UPS_PER_HOUR } from '../../../src/services/accounts/accounts.js';
import { checkLink } from '../../../src/services/accounts/one-time-links.js';
import { instancesOnOneDatabase } from '../../helpers/instances.js';
import { PG_TEST_URL } from '../../helpers/pg.js';

// Requests at once: two instances on PostgreSQL; on SQLite one (two connections in one process
// would block each other's event loop on the file's write lock).
const sharing = (t: Parameters<typeof instancesOnOneDatabase>[0]) => instancesOnOneDatabase(t, PG_TEST_URL ? 2 : 1);

t.test('GET /partner/login › a form with labelled fields, a CSRF token, the CSP and frame-ancestors none', async (t) => {
  const app = await build(t);
  const res = await new Browser(app).get('/partner/login');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.match(res.body, /<label for="f-email">Email<\/label>/);
  t.match(res.body, /name="_csrf" value="[^"]+"/);
  const csp = String(res.headers['content-security-policy']);
  t.match(csp, /frame-ancestors 'none'/);
  t.match(csp, /script-src 'self'(;|$)/);
  t.notMatch(csp, /unsafe-inline/);
  t.equal(res.headers['cache-control'], 'no-store');
  t.notMatch(res.body, /<script>/, 'no inline script');
});

t.test('invite → set password → sign in → dashboard → sign out', async (t) => {
  const app = await build(t);
  const partner = await createPartner(app.repos, { name: 'Acme', email: 'Owner@Acme.example', reward_percent: '1' });
  const invite = await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders });
  t.equal(invite.statusCode, 201);
  const { url, email, expires_at } = invite.json();
  t.equal(email, 'owner@acme.example');
  t.ok(expires_at - Date.now() / 1000 > 71 * 3600, '72 h');
  const path = new URL(url).pathname;

  const browser = new Browser(app);
  const form = await browser.get(path);
  t.equal(form.statusCode, 200);
  t.match(form.body, /autocomplete="new-password"/);
  const short = await browser.post(path, { password: 'short', repeat: 'short' });
  t.equal(short.statusCode, 400);
  t.match(short.body, /too short/);
  const differ = await browser.post(path, { password: PASSWORD, repeat: `${PASSWORD}!` });
  t.equal(differ.statusCode, 400);
  const set = await browser.post(path, { password: PASSWORD, repeat: PASSWORD });
  t.equal(set.statusCode, 303);
  t.equal(set.headers.location, '/partner/login?m=password_set');

  const again = await browser.get(path);
  t.equal(again.statusCode, 410, 'a used link says so');
  t.match(again.body, /already been used/);

  const wrong = await browser.signIn('owner@acme.example', 'wrong password!');
  t.equal(wrong.statusCode, 401);
  t.match(wrong.body, /incorrect/);
  const ok = await browser.signIn('OWNER@acme.example', PASSWORD);
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, '/partner/dashboard');
  const cookie = (ok.cookies as Array<{ name: string; httpOnly?: boolean; sameSite?: string; path?: string; secure?: boolean }>).find((c) => c.name === 'ratelink_partner')!;
  t.ok(cookie.httpOnly);
  t.equal(cookie.sameSite, 'Lax');
  t.equal(cookie.path, '/partner');
  t.notOk(cookie.secure, 'not Secure on plain http');

  const dash = await browser.get('/partner/dashboard');
  t.equal(dash.statusCode, 200);
  const out = await browser.post('/partner/logout');
  t.equal(out.statusCode, 303);
  t.equal(out.headers.location, '/partner/login?m=signed_out');
  const after = await browser.get('/partner/dashboard');
  t.equal(after.statusCode, 303);
  t.equal(after.headers.location, '/partner/login?next=%2Fpartner%2Fdashboard');
});

t.test('sessions › Secure cookie behind https; a replayed cookie after sign-out, password change or block is refused', async (t) => {
  const app = await build(t, { trustProxy: '127.0.0.1' });
  const p = await partnerWithAccount(app);
  const https = new Browser(app);
  await https.get('/partner/login', { 'x-forwarded-proto': 'https' });
  const res = await https.post('/partner/login', { email: p.email, password: p.password }, { 'x-forwarded-proto': 'https' });
  const cookie = (res.cookies as Array<{ name: string; secure?: boolean }>).find((c) => c.name === 'ratelink_partner')!;
  t.ok(cookie.secure, 'Secure on https');

  const a = new Browser(app);
  await a.signIn(p.email, p.password);
  const stolen = a.cookies.get('ratelink_partner')!;
  await a.post('/partner/logout');
  const replay = new Browser(app);
  replay.cookies.set('ratelink_partner', stolen);
  t.equal((await replay.get('/partner/dashboard')).statusCode, 303, 'signed-out cookie replayed');

  const b = new Browser(app);
  const c = new Browser(app);
  await b.signIn(p.email, p.password);
  await c.signIn(p.email, p.password);
  t.equal((await c.get('/partner/dashboard')).statusCode, 200);
  await b.post('/partner/logout-everywhere');
  t.equal((await c.get('/partner/dashboard')).statusCode, 303, 'sign out everywhere ends the other session');

  await c.signIn(p.email, p.password);
  t.equal((await c.get('/partner/dashboard')).statusCode, 200);
  await app.inject({ method: 'PATCH', url: `/admin/partners/${p.id}`, headers: adminHeaders, payload: { status: 'blocked' } });
  t.equal((await c.get('/partner/dashboard')).statusCode, 303, 'blocking ends the session at once');
  const blocked = await c.signIn(p.email, p.password);
  t.equal(blocked.statusCode, 403);
  t.match(blocked.body, /blocked/);
});

t.test('sessions › a block ends sessions and REST tokens for good: unblocking the partner does not revive them', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const cabinet = new Browser(app);
  await cabinet.signIn(p.email, p.password);
  const session = cabinet.cookies.get('ratelink_partner')!;
  const signIn = await app.inject({ method: 'POST', url: '/api/auth/', payload: { login: p.email, password: p.password } });
  const api = { authorization: `JWT ${signIn.json().token as string}` };
  const patch = (status: string) => app.inject({ method: 'PATCH', url: `/admin/partners/${p.id}`, headers: adminHeaders, payload: { status } });
  t.equal((await patch('blocked')).statusCode, 200);
  t.equal((await cabinet.get('/partner/dashboard')).statusCode, 303, 'blocked: the session is refused');
  t.equal((await app.inject({ url: '/api/partner/summary/', headers: api })).statusCode, 401, 'blocked: the token is refused');
  t.equal((await patch('active')).statusCode, 200);
  cabinet.cookies.set('ratelink_partner', session); // the cookie the blocked answer cleared, kept by a thief
  t.equal((await cabinet.get('/partner/dashboard')).statusCode, 303, 'unblocked: the old session stays ended');
  t.equal((await app.inject({ url: '/api/partner/summary/', headers: api })).statusCode, 401, 'unblocked: the old token stays refused');
  const again = new Browser(app);
  await again.signIn(p.email, p.password);
  t.equal((await again.get('/partner/dashboard')).statusCode, 200, 'signing in again works');
});

t.test('sessions › idle past RATELINK_SESSION_IDLE_DAYS ends; activity moves the expiry', async (t) => {
  const app = await build(t, { sessionIdleDays: 1 });
  const p = await partnerWithAccount(app);
  const b = new Browser(app);
  await b.signIn(p.email, p.password);
  const { tokenId } = await import('../../../src/services/accounts/secret-token.js');
  const id = tokenId(b.cookies.get('ratelink_partner')!);
  const row = (await app.repos.partnerSessions.findById(id))!;
  t.ok(Math.abs(row.expiresAt - row.createdAt - 86400) <= 1);
  await app.repos.partnerSessions.touch(id, row.lastSeenAt + 1, Math.floor(Date.now() / 1000) - 1);
  t.equal((await b.get('/partner/dashboard')).statusCode, 303, 'expired');
});

t.test('CSRF › a form without the token, or with another browser\'s, is refused with 403', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const b = new Browser(app);
  await b.get('/partner/login');
  const none = await b.post('/partner/login', { email: p.email, password: p.password, _csrf: '' });
  t.equal(none.statusCode, 403);
  t.match(none.body, /form had expired/);
  const other = new Browser(app);
  await other.get('/partner/login');
  const mixed = await b.post('/partner/login', { email: p.email, password: p.password, _csrf: other.csrf });
  t.equal(mixed.statusCode, 403);
  await b.signIn(p.email, p.password);
  const noCookie = await app.inject({ method: 'POST', url: '/partner/logout-everywhere', headers: { cookie: `ratelink_partner=${b.cookies.get('ratelink_partner')}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${b.csrf}` });
  t.equal(noCookie.statusCode, 403, 'token without its secret cookie');
  t.equal((await b.get('/partner/dashboard')).statusCode, 200, 'still signed in');
});

t.test('sign-in throttling › per account and per IP: 429 with Retry-After, even with the right password', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const b = new Browser(app, '10.0.0.1');
  for (let i = 0; i < 10; i++) await b.signIn(p.email, 'wrong password');
  const res = await b.signIn(p.email, p.password);
  t.equal(res.statusCode, 429);
  t.ok(Number(res.headers['retry-after']) > 0);
  t.match(res.body, /Too many attempts/);
  const ip = new Browser(app, '10.0.0.2');
  for (let i = 0; i < 30; i++) await ip.signIn(`nobody${i}@x.example`, 'wrong password');
  t.equal((await ip.signIn('someone@x.example', 'whatever pass')).statusCode, 429, 'per IP');
});

t.test('?next= › only the cabinet\'s own paths', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const cases: Array<[string, string]> = [
    ['/partner/payouts?x=1', '/partner/payouts?x=1'],
    ['//evil.example/partner/', '/partner/dashboard'],
    ['https://evil.example/partner/', '/partner/dashboard'],
    ['/partner/..//evil.example', '/partner/dashboard'],
    ['/partner/\\evil.example', '/partner/dashboard'],
    ['/admin/partners', '/partner/dashboard'],
    ['/partner/%2e%2e/admin', '/partner/dashboard'],
  ];
  for (const [next, expected] of cases) {
    const b = new Browser(app);
    await b.get(`/partner/login?next=${encodeURIComponent(next)}`);
    const res = await b.post(`/partner/login?next=${encodeURIComponent(next)}`, { email: p.email, password: p.password });
    t.equal(res.headers.location, expected, next);
  }
});

t.test('links › expired and unknown links say so; a new invitation retires the old one', async (t) => {
  const app = await build(t);
  const partner = await createPartner(app.repos, { name: 'Acme', email: 'a@acme.example', reward_percent: '1' });
  const first = (await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders })).json();
  const second = (await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders })).json();
  const b = new Browser(app);
  t.equal((await b.get(new URL(first.url).pathname)).statusCode, 410);
  t.equal((await b.get(new URL(second.url).pathname)).statusCode, 200);
  t.equal((await b.get('/partner/set-password/abc')).statusCode, 404);
  t.match((await b.get(`/partner/set-password/${'A'.repeat(43)}`)).body, /not valid/);
  const { tokenId } = await import('../../../src/services/accounts/secret-token.js');
  await app.repos.partnerTokens.insert({ id: tokenId('B'.repeat(43)), partnerId: partner.id, purpose: 'reset', createdAt: 1, expiresAt: 2 });
  const expired = await b.get(`/partner/set-password/${'B'.repeat(43)}`);
  t.equal(expired.statusCode, 410);
  t.match(expired.body, /expired/);
  const post = await b.post(`/partner/set-password/${'B'.repeat(43)}`, { password: PASSWORD, repeat: PASSWORD });
  t.equal(post.statusCode, 410);
});

t.test('links › two concurrent uses of one link: exactly one sets the password', async (t) => {
  const app = await build(t);
  const partner = await createPartner(app.repos, { name: 'Acme', email: 'a@acme.example', reward_percent: '1' });
  const { url } = (await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders })).json();
  const token = new URL(url).pathname.split('/').at(-1)!;
  const { setPasswordWithLink } = await import('../../../src/services/accounts/accounts.js');
  const results = await Promise.all([1, 2, 3].map((i) => setPasswordWithLink(app.repos, 10, token, `${PASSWORD}${i}`, Math.floor(Date.now() / 1000))));
  t.equal(results.filter((r) => r.ok).length, 1);
});

t.test('links › a password set through a reset link retires the unused invitation too', async (t) => {
  const app = await build(t);
  const partner = await createPartner(app.repos, { name: 'Acme', email: 'a@acme.example', reward_percent: '1' });
  const tokenOf = (url: string) => new URL(url).pathname.split('/').at(-1)!;
  const invite = tokenOf((await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders })).json().url);
  const b = new Browser(app);
  await b.get(`/partner/set-password/${invite}`);
  t.equal((await b.post(`/partner/set-password/${invite}`, { password: PASSWORD, repeat: PASSWORD })).statusCode, 303);
  const invite2 = tokenOf((await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders })).json().url);
  const reset = tokenOf((await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/password-reset`, headers: adminHeaders })).json().url);
  const c = new Browser(app);
  await c.get(`/partner/set-password/${reset}`);
  t.equal((await c.post(`/partner/set-password/${reset}`, { password: `${PASSWORD}-new`, repeat: `${PASSWORD}-new` })).statusCode, 303);
  const stale = await new Browser(app).get(`/partner/set-password/${invite2}`);
  t.equal(stale.statusCode, 410, 'the other open link no longer sets the password');
});

t.test('admin › approve a pending partner, reset link, 404/409 answers', async (t) => {
  const app = await build(t, { partnerSignup: 'approval' });
  const b = new Browser(app);
  await b.get('/partner/signup');
  const res = await b.post('/partner/signup', { name: 'New <b>one</b>', email: 'new@p.example', password: PASSWORD });
  t.equal(res.statusCode, 200);
  t.match(res.body, /operator will review/);
  const pending = await b.signIn('new@p.example', PASSWORD);
  t.equal(pending.statusCode, 403);
  t.match(pending.body, /waiting for the operator/);
  const partner = (await app.repos.partnerAccounts.findByEmail('new@p.example'))!;
  t.equal((await app.repos.partners.findById(partner.partnerId))!.status, 'pending');
  const approve = await app.inject({ method: 'POST', url: `/admin/partners/${partner.partnerId}/approve`, headers: adminHeaders });
  t.same(approve.json(), { partner_id: partner.partnerId, status: 'active' });
  t.equal((await app.inject({ method: 'POST', url: `/admin/partners/${partner.partnerId}/approve`, headers: adminHeaders })).statusCode, 409);
  t.equal((await b.signIn('new@p.example', PASSWORD)).statusCode, 303);
  const reset = await app.inject({ method: 'POST', url: `/admin/partners/${partner.partnerId}/password-reset`, headers: adminHeaders });
  t.equal(reset.statusCode, 201);
  t.match(reset.json().url, /^http:\/\/localhost:3000\/partner\/set-password\/[A-Za-z0-9_-]{43}$/);
  t.equal((await app.inject({ method: 'POST', url: '/admin/partners/999/invite', headers: adminHeaders })).statusCode, 404);
  const noAccount = await createPartner(app.repos, { name: 'X', email: 'x@x.example', reward_percent: '1' });
  t.equal((await app.inject({ method: 'POST', url: `/admin/partners/${noAccount.id}/password-reset`, headers: adminHeaders })).statusCode, 404);
  const taken = await app.inject({ method: 'POST', url: `/admin/partners/${noAccount.id}/invite`, headers: adminHeaders, payload: { email: 'NEW@p.example' } });
  t.equal(taken.statusCode, 409);
  t.equal((await app.inject({ method: 'POST', url: `/admin/partners/${noAccount.id}/invite`, payload: {} })).statusCode, 401);
});

t.test('sign-up › closed by default (404); a taken email is not revealed; fields validated', async (t) => {
  const closed = await build(t);
  t.equal((await new Browser(closed).get('/partner/signup')).statusCode, 404);
  const app = await build(t, { partnerSignup: 'open' });
  const p = await partnerWithAccount(app, { email: 'taken@p.example' });
  const b = new Browser(app);
  await b.get('/partner/signup');
  const res = await b.post('/partner/signup', { name: 'Other', email: 'TAKEN@p.example', password: 'another password' });
  t.equal(res.statusCode, 200);
  t.match(res.body, /Sign in with your email/);
  t.equal((await b.signIn(p.email, 'another password')).statusCode, 401, 'nothing was created or changed');
  const bad = await b.post('/partner/signup', { name: '', email: 'not-an-email', password: 'short' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /id="f-name-error">Fill in this field/);
  t.match(bad.body, /id="f-email-error">Enter an email/);
  t.match(bad.body, /id="f-password-error">The password is too short/);
  t.match(bad.body, /aria-invalid="true"/);
  const nul = await b.post('/partner/signup', { name: 'Nul', email: 'a\u0000b@p.example', password: PASSWORD });
  t.equal(nul.statusCode, 400, 'a NUL in the email (a 500 on PostgreSQL)');
  t.match(nul.body, /id="f-email-error">Enter an email/);
  await b.post('/partner/signup', { name: 'Open one', email: 'open@p.example', password: PASSWORD });
  t.equal((await b.signIn('open@p.example', PASSWORD)).statusCode, 303, 'open: active at once');
});

t.test('sign-up › the email of a partner without an account is not taken over; the invitation still works', async (t) => {
  const app = await build(t, { partnerSignup: 'open' });
  const listed = await createPartner(app.repos, { name: 'Listed', email: 'Monitor@p.example', reward_percent: '1' });
  const before = await app.repos.partners.count();
  const b = new Browser(app);
  await b.get('/partner/signup');
  const res = await b.post('/partner/signup', { name: 'Squatter', email: 'monitor@P.example', password: PASSWORD });
  t.equal(res.statusCode, 200);
  t.match(res.body, /Sign in with your email/, 'the same page as a new sign-up');
  t.equal(await app.repos.partners.count(), before, 'no partner created');
  t.equal((await b.signIn('monitor@p.example', PASSWORD)).statusCode, 401);
  const invite = await app.inject({ method: 'POST', url: `/admin/partners/${listed.id}/invite`, headers: adminHeaders, payload: {} });
  t.equal(invite.statusCode, 201);
});

t.test('bodies › over 16 KiB, a form or JSON, are refused before they are parsed', async (t) => {
  const app = await build(t);
  const big = 'x'.repeat(17 * 1024);
  for (const [type, payload] of [['application/x-www-form-urlencoded', `email=a&password=${big}`], ['application/json', JSON.stringify({ email: 'a', password: big })]] as const) {
    const res = await app.inject({ method: 'POST', url: '/partner/login', headers: { 'content-type': type }, payload });
    t.equal(res.statusCode, 413, type);
    t.match(res.headers['content-type'], /text\/html/);
  }
});

t.test('links › a form sent to an unknown, used or expired link answers at once: no password is hashed for it (scrypt at the production cost)', async (t) => {
  const app = await build(t, { passwordCost: 17 });
  const partner = await createPartner(app.repos, { name: 'Acme', email: 'a@acme.example', reward_percent: '1' });
  const { tokenId } = await import('../../../src/services/accounts/secret-token.js');
  await app.repos.partnerTokens.insert({ id: tokenId('B'.repeat(43)), partnerId: partner.id, purpose: 'reset', createdAt: 1, expiresAt: 2 });
  const b = new Browser(app);
  await b.get('/partner/login');
  // Each hash at cost 17 takes about a second of CPU and 128 MiB: eight of them, several seconds.
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => b.post(`/partner/set-password/${(i % 2 ? 'A' : 'B').repeat(43)}`, { password: PASSWORD, repeat: PASSWORD })));
  const took = Date.now() - started;
  t.same(answers.map((r) => r.statusCode), [410, 404, 410, 404, 410, 404, 410, 404]);
  t.ok(took < 1500, `answered in ${took} ms`);
});

t.test('set password › the page names the account, in a username field a password manager saves with the password', async (t) => {
  const app = await build(t);
  const partner = await createPartner(app.repos, { name: 'Acme', email: 'Owner@Acme.example', reward_percent: '1' });
  const { url } = (await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders })).json();
  const path = new URL(url).pathname;
  const b = new Browser(app);
  const username = /<input id="f-username" name="username" type="email" value="owner@acme\.example" autocomplete="username" readonly>/;
  const form = await b.get(path);
  t.match(form.body, username, 'shown on the form');
  t.ok(form.body.indexOf('f-username') < form.body.indexOf('f-password'), 'before the password, as a manager expects');
  const differ = await b.post(path, { password: PASSWORD, repeat: `${PASSWORD}!` });
  t.match(differ.body, username, 'and after an error');
  t.equal((await b.post(path, { password: PASSWORD, repeat: PASSWORD, username: 'someone@else.example' })).statusCode, 303);
  t.equal((await new Browser(app).signIn('owner@acme.example', PASSWORD)).statusCode, 303, 'the field changes nothing');
});

t.test('invite › with another email for a partner who has an account: the account moves to that email (the link and the sign-in use it); another account\'s email is a 409', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app, { email: 'old@acme.example' });
  const other = await partnerWithAccount(app, { email: 'other@acme.example' });
  const invite = (body: object, id = p.id) => app.inject({ method: 'POST', url: `/admin/partners/${id}/invite`, headers: adminHeaders, payload: body });
  const taken = await invite({ email: 'Other@Acme.example' });
  t.equal(taken.statusCode, 409);
  t.equal((await app.repos.partnerAccounts.findByPartner(p.id))?.email, 'old@acme.example', 'unchanged');
  const moved = await invite({ email: 'New@Acme.example' });
  t.equal(moved.statusCode, 201);
  t.equal(moved.json().email, 'new@acme.example', 'the answer names the email the partner signs in with');
  const b = new Browser(app);
  const path = new URL(moved.json().url).pathname;
  t.match((await b.get(path)).body, /value="new@acme\.example"/);
  t.equal((await b.post(path, { password: 'a new long password', repeat: 'a new long password' })).statusCode, 303);
  t.equal((await new Browser(app).signIn('new@acme.example', 'a new long password')).statusCode, 303);
  t.equal((await new Browser(app).signIn('old@acme.example', 'a new long password')).statusCode, 401);
  t.equal((await invite({ email: 'other@acme.example' }, other.id)).json().email, 'other@acme.example', 'the same email: nothing moves');
  t.equal((await invite({})).json().email, 'new@acme.example', 'no email: the account keeps its own');
});

t.test('sessions › a form sent after the session ended: sign in again, then back on the page of that form', async (t) => {
  const app = await build(t);
  const p = await partnerWithAccount(app);
  const b = new Browser(app);
  await b.signIn(p.email, p.password);
  await b.get('/partner/payouts');
  // Signed out on another device ("sign out everywhere"): this browser's session ends.
  const other = new Browser(app);
  await other.signIn(p.email, p.password);
  await other.post('/partner/logout-everywhere');
  for (const [form, page] of [
    ['/partner/payouts', '/partner/payouts'], ['/partner/payouts/7/cancel', '/partner/payouts'],
    ['/partner/api/keys', '/partner/api'], ['/partner/api/keys/AbCdEfGh/revoke', '/partner/api'],
    ['/partner/webhooks', '/partner/webhooks'], ['/partner/webhooks/3/disable', '/partner/webhooks'],
    ['/partner/links', '/partner/links/new'], ['/partner/links/SPRING24', '/partner/links/SPRING24/edit'],
  ] as const) {
    const res = await b.post(form, { amount: '10' });
    t.equal(res.statusCode, 303, form);
    t.equal(res.headers.location, `/partner/login?m=session_ended&next=${encodeURIComponent(page)}`, form);
  }
  const login = await b.get('/partner/login?m=session_ended&next=%2Fpartner%2Fpayouts');
  t.match(login.body, /Please sign in again\./);
  const back = await b.post('/partner/login?next=%2Fpartner%2Fpayouts', { email: p.email, password: p.password });
  t.equal(back.headers.location, '/partner/payouts');
});

t.test('errors › a page that answers a form with an error says so in its title and puts the focus on the message (a screen reader reads it first)', async (t) => {
  const app = await build(t, { partnerSignup: 'open' });
  const p = await partnerWithAccount(app);
  const b = new Browser(app);
  await b.get('/partner/login');
  const wrong = await b.post('/partner/login', { email: p.email, password: 'not the password' });
  t.equal(wrong.statusCode, 401);
  t.match(wrong.body, /<title>Error: Sign in · Partner cabinet<\/title>/);
  t.match(wrong.body, /<p class="notice error" role="alert" tabindex="-1" autofocus>The email or password is incorrect\.<\/p>/);
  b.lang = 'ru';
  await b.get('/partner/signup');
  const bad = await b.post('/partner/signup', { name: '', email: 'x', password: 'short' });
  t.match(bad.body, /<title>Ошибка: /);
  t.match(bad.body, /role="alert" tabindex="-1" autofocus>Исправьте отмеченные ниже поля\./);
  t.notMatch((await b.get('/partner/login?m=signed_out')).body, /autofocus|<title>Ошибка/, 'an information is no error');
});

t.test('CSRF › the "form had expired" page links to the page of that form, which opens (not to the address the form posted to)', async (t) => {
  const app = await build(t, { partnerSignup: 'open' });
  const p = await partnerWithAccount(app);
  const b = new Browser(app);
  await b.signIn(p.email, p.password);
  for (const [form, page] of [
    ['/partner/payouts/7/cancel', '/partner/payouts'], ['/partner/api/keys', '/partner/api'], ['/partner/api/keys/AbCdEfGh/revoke', '/partner/api'],
    ['/partner/webhooks/3/disable', '/partner/webhooks'], ['/partner/links', '/partner/links/new'], ['/partner/links/SPRING24', '/partner/links/SPRING24/edit'],
    ['/partner/logout', '/partner/dashboard'], ['/partner/logout-everywhere', '/partner/dashboard'],
    ['/partner/login?next=%2Fpartner%2Fapi', '/partner/login?next=%2Fpartner%2Fapi'], ['/partner/forgot', '/partner/forgot'], ['/partner/signup', '/partner/signup'],
  ] as const) {
    const res = await b.post(form, { _csrf: 'stale' });
    t.equal(res.statusCode, 403, form);
    const link = /<p><a href="([^"]*)">Open the page again<\/a><\/p>/.exec(res.body)?.[1]?.replace(/&amp;/g, '&');
    t.equal(link, page, form);
    if (!/SPRING24|login/.test(page)) t.equal((await b.get(page)).statusCode, 200, `${page} opens`);
  }
});

t.test('sign-up › sent at once: at most SIGN_UPS_PER_HOUR partners per address, one partner per email', async (t) => {
  const app = await build(t, { partnerSignup: 'open' });
  const b = new Browser(app, '203.0.113.9');
  await b.get('/partner/signup');
  const before = await app.repos.partners.count();
  const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => b.post('/partner/signup', { name: `Burst ${i}`, email: `burst${i}@p.example`, password: PASSWORD })));
  t.equal(burst.filter((res) => res.statusCode === 429).length, 12 - SIGN_UPS_PER_HOUR, 'the sign-ups past the limit are throttled');
  t.equal(await app.repos.partners.count(), before + SIGN_UPS_PER_HOUR, `${SIGN_UPS_PER_HOUR} partners, not 12`);
  const twins = await Promise.all(['10', '11', '12'].map((n) => new Browser(app, `198.51.100.${n}`)).map(async (other) => {
    await other.get('/partner/signup');
    return other.post('/partner/signup', { name: 'Twin', email: 'twin@p.example', password: PASSWORD });
  }));
  t.same(twins.map((res) => res.statusCode), [200, 200, 200]);
  t.equal(await app.repos.partners.count(), before + SIGN_UPS_PER_HOUR + 1, 'one partner for one email');
});

t.test('admin › approve and block of one pending partner at once (two instances): a block is never undone', async (t) => {
  const apps = await sharing(t);
  const [a, b] = [apps[0]!, apps.at(-1)!];
  for (let round = 0; round < 10; round++) {
    const partner = await createPartner(a!.repos, { name: `Pending ${round}`, email: `pending${round}@p.example`, status: 'pending' });
    const [approve, block] = await Promise.all([
      a!.inject({ method: 'POST', url: `/admin/partners/${partner.id}/approve`, headers: adminHeaders }),
      b!.inject({ method: 'PATCH', url: `/admin/partners/${partner.id}`, headers: adminHeaders, payload: { status: 'blocked' } }),
    ]);
    t.equal(block.statusCode, 200);
    t.ok([200, 409].includes(approve.statusCode), `approve: ${approve.statusCode}`);
    t.equal((await a!.repos.partners.findById(partner.id))!.status, 'blocked', `round ${round}: blocked, whichever came first (approve ${approve.statusCode})`);
  }
});

t.test('admin › two invitations of one partner at once: both 201 for the partner\'s own email, one account', async (t) => {
  const apps = await sharing(t);
  for (let round = 0; round < 5; round++) {
    const partner = await createPartner(apps[0]!.repos, { name: 'Twice', email: `twice${round}@p.example`, reward_percent: '1' });
    const answers = await Promise.all([0, 1].map((i) => apps[i % apps.length]!.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders, payload: {} })));
    t.same(answers.map((res) => res.statusCode), [201, 201], answers.map((res) => res.body).join(' | '));
    t.equal((await apps[0]!.repos.partnerAccounts.findByPartner(partner.id))!.email, `twice${round}@p.example`);
  }
});

t.test('links › reset links issued at once (two instances): only one of them works, as when issued one after the other', async (t) => {
  const apps = await sharing(t);
  const p = await partnerWithAccount(apps[0]!);
  for (let round = 0; round < 3; round++) {
    const answers = await Promise.all([0, 1, 2, 3].map((i) => apps[i % apps.length]!.inject({ method: 'POST', url: `/admin/partners/${p.id}/password-reset`, headers: adminHeaders })));
    t.same(answers.map((res) => res.statusCode), [201, 201, 201, 201]);
    const states = await Promise.all(answers.map((res) => checkLink(apps[0]!.repos, res.json().url.split('/').at(-1), Math.floor(Date.now() / 1000))));
    t.equal(states.filter((s) => s.state === 'valid').length, 1, `round ${round}: one open link, not ${states.filter((s) => s.state === 'valid').length}`);
  }
});

t.test('links › an invitation and a reset link used at once: one sets the password, the other is used up', async (t) => {
  const apps = await sharing(t);
  const { setPasswordWithLink } = await import('../../../src/services/accounts/accounts.js');
  const tokenOf = (url: string) => new URL(url).pathname.split('/').at(-1)!;
  for (let round = 0; round < 5; round++) {
    const partner = await createPartner(apps[0]!.repos, { name: 'Acme', email: `both${round}@acme.example`, reward_percent: '1' });
    const invite = tokenOf((await apps[0]!.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders })).json().url);
    const reset = tokenOf((await apps[0]!.inject({ method: 'POST', url: `/admin/partners/${partner.id}/password-reset`, headers: adminHeaders })).json().url);
    const now = Math.floor(Date.now() / 1000);
    const results = await Promise.all([invite, reset].map((token, i) => setPasswordWithLink(apps[i % apps.length]!.repos, 10, token, `${PASSWORD}${i}`, now)));
    t.same(results.map((r) => r.ok).sort(), [false, true], `round ${round}: ${JSON.stringify(results)}`);
  }
});
