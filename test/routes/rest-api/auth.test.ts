// POST /api/auth/, /api/auth/refresh/ and the token check of every route: expiry on a clock
// the test moves, refresh rotation and reuse, revocation on a block and a password change.
import t from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { instancesOnOneDatabase } from '../../helpers/instances.js';
import { PG_TEST_URL } from '../../helpers/pg.js';
import { makeAccount, PASSWORD, signedIn, signInAs } from '../../helpers/rest-api.js';
import { hashPassword } from '../../../src/services/accounts/passwords.js';

const summary = '/api/partner/summary/';

t.test('POST /api/auth/ › JSON login or email, or a form: a token that opens /api/partner/summary/', async (t) => {
  const app = await build(t);
  const { email } = await makeAccount(app);
  const json = await app.inject({ method: 'POST', url: '/api/auth/', payload: { login: email, password: PASSWORD } });
  t.equal(json.statusCode, 200);
  t.match(json.json(), { token: /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/, refresh: /^rt_/, expires_in: 3600 });
  const byEmail = await app.inject({ method: 'POST', url: '/api/v2/auth/', payload: { email: email.toUpperCase(), password: PASSWORD } });
  t.equal(byEmail.statusCode, 200, '/api/v2/auth/ and `email`, case-insensitive');
  const spaced = await app.inject({ method: 'POST', url: '/api/auth/', payload: { login: ` ${email}\t`, password: PASSWORD } });
  t.equal(spaced.statusCode, 200, 'spaces around the email, as a pasted one has, are ignored (as in the cabinet)');
  const form = await app.inject({
    method: 'POST', url: '/api/auth/', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `login=${encodeURIComponent(email)}&password=${encodeURIComponent(PASSWORD)}`,
  });
  t.equal(form.statusCode, 200, 'a form body');
  for (const scheme of ['JWT', 'Bearer']) {
    const res = await app.inject({ url: summary, headers: { authorization: `${scheme} ${json.json().token}` } });
    t.equal(res.statusCode, 200, scheme);
  }
});

t.test('POST /api/auth/ › a login with a NUL or another control character is AuthenticationFailed, on PostgreSQL too (not a 500)', async (t) => {
  const app = await build(t);
  const { email } = await makeAccount(app);
  for (const login of [`${email}\u0000`, '\u0000', `a\u0007b@example.com`]) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/', payload: { login, password: PASSWORD } });
    t.same([res.statusCode, res.json().code], [401, 'AuthenticationFailed'], JSON.stringify(login));
  }
  const form = await app.inject({ method: 'POST', url: '/partner/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=%00&password=x' });
  t.ok(form.statusCode < 500, `the cabinet's form too (${form.statusCode})`);
});

t.test('tokens › expire after RATELINK_JWT_TTL on the API clock: TokenExpired', async (t) => {
  const app = await build(t, { jwtTtl: 60 });
  const start = app.restApiClock.now();
  app.restApiClock.now = () => start; // the clock stands still while signing in, however long that takes
  const s = await signedIn(app);
  app.restApiClock.now = () => start + 59;
  t.equal((await app.inject({ url: summary, headers: s.headers })).statusCode, 200);
  app.restApiClock.now = () => start + 60;
  const res = await app.inject({ url: summary, headers: s.headers });
  t.equal(res.statusCode, 401);
  t.same(res.json(), { detail: 'Token has expired', code: 'TokenExpired' });
  t.equal(res.headers['www-authenticate'], 'JWT realm="api"');
});

t.test('tokens › a tampered token, another algorithm or another key: AuthenticationFailed', async (t) => {
  const app = await build(t);
  const s = await signedIn(app);
  const [h, p, sig] = s.token.split('.') as [string, string, string];
  const other = await build(t, { jwtSecret: 'another-secret-0123456789-abcdefghijklmn' });
  const foreign = (await signedIn(other)).token;
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
  const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: '999' })).toString('base64url');
  // One token has one spelling: the same signature padded, with a stray character, or with other unused low bits is not it.
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const lastBits = `${sig.slice(0, -1)}${B64URL[B64URL.indexOf(sig.at(-1)!) ^ 1]}`;
  t.ok(Buffer.from(lastBits, 'base64url').equals(Buffer.from(sig, 'base64url')), 'the last character\'s unused bits spell the same bytes');
  const respelled = [`${sig}=`, `${sig.slice(0, 5)}!${sig.slice(5)}`, lastBits].map((x) => `${h}.${p}.${x}`);
  for (const token of [`${h}.${raised}.${sig}`, none, foreign, 'garbage', ...respelled]) {
    const res = await app.inject({ url: summary, headers: { authorization: `JWT ${token}` } });
    t.same([res.statusCode, res.json().code], [401, 'AuthenticationFailed'], token.slice(0, 20));
  }
});

t.test('revocation › a password change, a sign-out everywhere or a block ends tokens at once', async (t) => {
  const app = await build(t);
  const a = await signedIn(app);
  await app.repos.partnerAccounts.setPassword(a.partner.id, await hashPassword('a new password 123', 10), 1);
  t.equal((await app.inject({ url: summary, headers: a.headers })).json().code, 'AuthenticationFailed', 'password changed');
  const b = await signedIn(app);
  await app.repos.partnerAccounts.bumpAuthVersion(b.partner.id);
  t.equal((await app.inject({ url: summary, headers: b.headers })).statusCode, 401, 'signed out everywhere');
  const c = await signedIn(app);
  await app.repos.partners.update(c.partner.id, { status: 'blocked' });
  t.equal((await app.inject({ url: summary, headers: c.headers })).statusCode, 401, 'blocked');
  const refresh = await app.inject({ method: 'POST', url: '/api/auth/refresh/', payload: { refresh: c.refresh } });
  t.equal(refresh.statusCode, 401, 'nor can a blocked partner refresh');
  const signIn = await app.inject({ method: 'POST', url: '/api/auth/', payload: { login: c.email, password: PASSWORD } });
  t.same([signIn.statusCode, signIn.json().code], [403, 'PermissionDenied'], 'a blocked partner cannot sign in');
});

t.test('revocation › on another instance of the same database too, within a second', async (t) => {
  // On PostgreSQL each instance remembers auth versions (src/db/pg/auth-versions.ts): B has
  // just read A's partner, then A blocks it or changes its password; B must hear of it
  // (NOTIFY ratelink_auth), not serve the remembered version for the next minute.
  const [a, b] = await instancesOnOneDatabase(t, 2);
  const firstRefusal = async (headers: Record<string, string>) => {
    const started = Date.now();
    while (Date.now() - started < 5000) {
      if ((await b!.inject({ url: summary, headers })).statusCode === 401) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return Infinity;
  };
  const blocked = await signedIn(a!);
  t.equal((await b!.inject({ url: summary, headers: blocked.headers })).statusCode, 200, 'B serves the token A issued');
  t.equal((await b!.inject({ url: summary, headers: blocked.headers })).statusCode, 200, 'twice');
  const block = await a!.inject({ method: 'PATCH', url: `/admin/partners/${blocked.partner.id}`, headers: adminHeaders, payload: { status: 'blocked' } });
  t.equal(block.statusCode, 200);
  t.ok(await firstRefusal(blocked.headers) < 1000, 'blocked on A: refused by B within a second');

  const changed = await signedIn(a!);
  t.equal((await b!.inject({ url: summary, headers: changed.headers })).statusCode, 200);
  await a!.repos.partnerAccounts.setPassword(changed.partner.id, await hashPassword('a new password 123', 10), 1);
  t.ok(await firstRefusal(changed.headers) < 1000, 'password changed on A: refused by B within a second');
  t.equal((await a!.inject({ url: summary, headers: changed.headers })).statusCode, 401, 'and by A at once');
  const fresh = await signInAs(b!, changed.email, 'a new password 123');
  t.equal((await a!.inject({ url: summary, headers: { authorization: `JWT ${fresh.token}` } })).statusCode, 200, 'the new password\'s token works on A');
});

t.test('POST /api/auth/refresh/ › single use, rotating; reusing a spent token revokes the whole chain', async (t) => {
  const app = await build(t);
  const s = await signedIn(app);
  const refresh = (token: string) => app.inject({ method: 'POST', url: '/api/auth/refresh/', payload: { refresh: token } });
  const first = await refresh(s.refresh);
  t.equal(first.statusCode, 200);
  const next = first.json().refresh as string;
  t.not(next, s.refresh, 'rotated');
  t.equal((await app.inject({ url: summary, headers: { authorization: `JWT ${first.json().token}` } })).statusCode, 200);
  const replay = await refresh(s.refresh);
  t.same([replay.statusCode, replay.json().code], [401, 'AuthenticationFailed'], 'the spent token is refused');
  t.equal((await refresh(next)).statusCode, 401, 'and its successor is revoked with the family');
  t.equal((await refresh('rt_unknown')).statusCode, 401);
  const other = await signInAs(app, s.email);
  t.equal((await refresh(other.refresh)).statusCode, 200, 'another sign-in is another family');
});

t.test('POST /api/auth/ › throttled like the cabinet: 10 failures for an account, then 429 with Retry-After', async (t) => {
  const app = await build(t);
  const { email } = await makeAccount(app);
  for (let i = 0; i < 10; i++) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/', payload: { login: email, password: 'wrong password' } });
    t.equal(res.statusCode, 401);
  }
  const res = await app.inject({ method: 'POST', url: '/api/auth/', payload: { login: email, password: PASSWORD } });
  t.equal(res.statusCode, 429);
  t.same(res.json(), { detail: 'Request was throttled', code: 'Throttled' });
  t.ok(Number(res.headers['retry-after']) > 0);
});

t.test('POST /api/auth/refresh/ › one token sent twice at once (two instances): the family ends, the winner\'s successor too', async (t) => {
  // Two instances on PostgreSQL; on SQLite one (two connections in one process would block each other's event loop on the write lock).
  const apps = await instancesOnOneDatabase(t, PG_TEST_URL ? 2 : 1);
  const [a, b] = [apps[0]!, apps.at(-1)!];
  for (let round = 0; round < 5; round++) {
    const s = await signedIn(a!);
    const refresh = (app: typeof a, token: string) => app!.inject({ method: 'POST', url: '/api/auth/refresh/', payload: { refresh: token } });
    const answers = await Promise.all([refresh(a, s.refresh), refresh(b, s.refresh), refresh(a, s.refresh), refresh(b, s.refresh)]);
    const won = answers.filter((res) => res.statusCode === 200);
    t.equal(won.length, 1, 'one use spends it');
    t.equal(answers.filter((res) => res.statusCode === 401).length, 3, 'the others are reuse');
    const successor = won[0]!.json().refresh as string;
    t.equal((await refresh(a, successor)).statusCode, 401, `round ${round}: the reuse revoked the family, the successor issued meanwhile included`);
  }
});
