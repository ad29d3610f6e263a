import t from 'tap';
import { build } from '../../helpers/build.js';
import { createMemoryAttemptCounter } from '../../../src/services/limits/attempt-counter.js';
import { currentAuthVersion, signIn, SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_FAILURES_PER_IP, SIGN_IN_WINDOW_SECONDS, type CredentialsDeps } from '../../../src/services/accounts/credentials.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../../src/services/accounts/passwords.js';

t.test('scrypt hashes: salted, self-describing, verified in both directions', async (t) => {
  const a = await hashPassword('correct horse battery', 10);
  const b = await hashPassword('correct horse battery', 10);
  t.not(a, b, 'a random salt per hash');
  t.match(a, /^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  t.ok(await verifyPassword('correct horse battery', a));
  t.notOk(await verifyPassword('correct horse batterY', a));
  t.notOk(await verifyPassword('x', 'plain-text'), 'a malformed stored value never matches');
  t.ok(await verifyPassword('пароль-с-юникодом', await hashPassword('пароль-с-юникодом', 10)));
  t.equal(passwordProblem('short'), 'password_too_short');
  t.equal(passwordProblem('long enough pass'), null);
  t.equal(passwordProblem('x'.repeat(201)), 'password_too_long');
});

t.test('sign-in: the right password, refusals that do not tell accounts apart, throttling, versions', async (t) => {
  const app = await build(t);
  const partner = await app.repos.partners.insert({ name: 'P', email: 'Partner@Example.com', rewardPercent: '1' });
  const other = await app.repos.partners.insert({ name: 'Q', email: 'q@example.com', rewardPercent: '1' });
  t.ok(await app.repos.partnerAccounts.create({ partnerId: partner.id, email: 'Partner@Example.com', at: 100 }));
  t.equal(await app.repos.partnerAccounts.create({ partnerId: other.id, email: 'PARTNER@example.com', at: 100 }), null,
    'an email belongs to one account, whatever its case');
  const deps: CredentialsDeps = { repos: app.repos, attempts: createMemoryAttemptCounter(), passwordCost: 10, now: () => 200 };

  t.same(await signIn(deps, 'partner@example.com', 'whatever it is', '10.0.0.1'), { ok: false, reason: 'invalid' },
    'no password set yet');
  const version = await app.repos.partnerAccounts.setPassword(partner.id, await hashPassword('the right password', 10), 150);
  t.equal(version, 2, 'setting a password ends what was issued before');
  t.same(await signIn(deps, 'PARTNER@example.com', 'the right password', '10.0.0.1'), { ok: true, partnerId: partner.id, authVersion: 2 });
  t.equal((await app.repos.partnerAccounts.findByPartner(partner.id))?.lastSignInAt, 200);
  t.same(await signIn(deps, 'nobody@example.com', 'the right password', '10.0.0.1'), { ok: false, reason: 'invalid' });
  t.same(await signIn(deps, 'partner@example.com', 'a wrong password', '10.0.0.1'), { ok: false, reason: 'invalid' });

  for (let i = 1; i < SIGN_IN_FAILURES_PER_ACCOUNT; i++) await signIn(deps, 'partner@example.com', `wrong ${i}`, `10.0.1.${i}`);
  const throttled = await signIn(deps, 'partner@example.com', 'the right password', '10.0.9.9');
  t.same(throttled, { ok: false, reason: 'throttled', retryAfter: 900 }, 'the account waits, even with the right password, from any IP');

  await app.repos.partners.update(partner.id, { status: 'blocked' });
  const fresh = { ...deps, attempts: createMemoryAttemptCounter() };
  t.same(await signIn(fresh, 'partner@example.com', 'the right password', '10.0.0.1'), { ok: false, reason: 'blocked' });
  t.equal(await currentAuthVersion(app.repos, partner.id), null, 'a blocked partner has no valid version');
  await app.repos.partners.update(partner.id, { status: 'active' });
  t.equal(await currentAuthVersion(app.repos, partner.id), 2);
  t.equal(await app.repos.partnerAccounts.bumpAuthVersion(partner.id), 3);
  t.equal(await currentAuthVersion(app.repos, partner.id), 3);
  t.equal(await currentAuthVersion(app.repos, other.id), null, 'no account, no version');
});

t.test('sign-in: concurrent wrong passwords are throttled too; right ones never count against the address', async (t) => {
  const app = await build(t);
  const partner = await app.repos.partners.insert({ name: 'P', email: 'p@example.com', rewardPercent: '1' });
  await app.repos.partnerAccounts.create({ partnerId: partner.id, email: 'p@example.com', at: 100 });
  await app.repos.partnerAccounts.setPassword(partner.id, await hashPassword('the right password', 10), 150);
  const deps: CredentialsDeps = { repos: app.repos, attempts: createMemoryAttemptCounter(), passwordCost: 10, now: () => 200 };
  // A burst sent at once: every guess used to read the count before any failure was recorded.
  const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(deps, 'p@example.com', `wrong ${i}`, '10.0.0.1')));
  t.equal(burst.filter((r) => !r.ok && r.reason === 'invalid').length, SIGN_IN_FAILURES_PER_ACCOUNT, 'only 10 guesses are checked');
  t.equal(burst.filter((r) => !r.ok && r.reason === 'throttled').length, 40 - SIGN_IN_FAILURES_PER_ACCOUNT);
  const spray = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(deps, `nobody${i}@example.com`, 'a guess', '10.0.0.2')));
  t.equal(spray.filter((r) => !r.ok && r.reason === 'invalid').length, SIGN_IN_FAILURES_PER_IP, 'and 30 from one address');

  const office = { ...deps, attempts: createMemoryAttemptCounter() };
  for (let i = 0; i < SIGN_IN_FAILURES_PER_IP + 5; i++) {
    const ok = await signIn(office, 'p@example.com', 'the right password', '10.0.0.3');
    if (!ok.ok) { t.fail(`sign-in ${i} refused: ${ok.reason}`); break; }
  }
  t.equal(await office.attempts.count('sign-in:ip:10.0.0.3', SIGN_IN_WINDOW_SECONDS), 0, 'successful sign-ins leave the address\'s count alone');
});
