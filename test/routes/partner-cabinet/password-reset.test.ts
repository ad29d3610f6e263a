import t from 'tap';
import { RESET_REQUESTS_PER_HOUR } from '../../../src/services/accounts/accounts.js';
import { build } from '../../helpers/build.js';
import { Browser, PASSWORD, partnerWithAccount } from '../../helpers/cabinet.js';
import { readMail, startSmtpCapture } from '../../helpers/smtp-capture.js';
import { bootstrapDemo } from '../../../src/demo/bootstrap.js';
import { cliIn } from '../../helpers/cli.js';

async function waitFor(check: () => boolean, ms = 3000) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

t.test('forgot password › with SMTP: the same answer for a known and an unknown email; the mailed link sets a new password once', async (t) => {
  const smtp = await startSmtpCapture();
  t.teardown(smtp.close);
  const app = await build(t, { smtpUrl: smtp.url, smtpFrom: 'partners@exchanger.example' });
  const p = await partnerWithAccount(app, { email: 'known@p.example' });
  const b = new Browser(app);
  const form = await b.get('/partner/forgot');
  t.match(form.body, /Send the link/);
  const known = await b.post('/partner/forgot', { email: 'KNOWN@p.example' });
  const unknown = await b.post('/partner/forgot', { email: 'unknown@p.example' });
  t.equal(known.statusCode, 303);
  t.same([known.statusCode, known.headers.location], [unknown.statusCode, unknown.headers.location], 'indistinguishable');
  await waitFor(() => smtp.mails.length > 0);
  await new Promise((r) => setTimeout(r, 200));
  t.equal(smtp.mails.length, 1, 'one mail, to the known address only');
  t.match(smtp.mails[0]!.to[0], /known@p\.example/);
  const url = /(http:\/\/localhost:3000\/partner\/set-password\/[A-Za-z0-9_-]{43})/.exec(smtp.mails[0]!.data.replace(/=\r\n/g, ''))?.[1];
  t.ok(url, 'the link is in the mail');
  const path = new URL(url!).pathname;
  await b.get(path);
  t.equal((await b.post(path, { password: 'a brand new password', repeat: 'a brand new password' })).statusCode, 303);
  t.equal((await b.signIn(p.email, 'a brand new password')).statusCode, 303);
  t.equal((await new Browser(app).signIn(p.email, PASSWORD)).statusCode, 401, 'the old password is gone');
  t.equal((await b.get(path)).statusCode, 410, 'used once');
  const invalid = await b.post('/partner/forgot', { email: 'not an email' });
  t.equal(invalid.statusCode, 400);
  t.match(invalid.body, /id="f-email-error"/);
});

t.test('forgot password › without SMTP the page says to ask the operator', async (t) => {
  const app = await build(t);
  const res = await new Browser(app).get('/partner/forgot');
  t.match(res.body, /Ask the operator for a reset link/);
  t.notMatch(res.body, /<form method="post" action="\/partner\/forgot"/);
});

t.test('demo › the welcome text names a cabinet account that signs in at once', async (t) => {
  const app = await build(t, { demo: true });
  const demo = await bootstrapDemo(app);
  t.teardown(demo.stop);
  const match = /partner cabinet http:\/\/localhost:3000\/partner\/login {2}\(email (\S+), password (\S+)\)/.exec(demo.welcome!);
  t.ok(match, 'printed');
  t.equal((await new Browser(app).signIn(match![1]!, match![2]!)).statusCode, 303);
});

t.test('CLI › partner invite prints a one-time link that works; approve refuses an active partner; sign-out', async (t) => {
  const { cli } = cliIn(t, { RATELINK_PASSWORD_COST: '10' });
  t.equal((await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example')).code, 0);
  const invite = await cli('partner', 'invite', '1');
  t.equal(invite.code, 0);
  t.match(invite.output, /Invitation for a@acme\.example \(one use, until /);
  t.match(invite.output, /http:\/\/localhost:3000\/partner\/set-password\/[A-Za-z0-9_-]{43}/);
  const reset = await cli('partner', 'reset-link', '--partner', '1');
  t.match(reset.output, /Password reset link for a@acme\.example/);
  const approve = await cli('partner', 'approve', '1');
  t.not(approve.code, 0);
  t.match(approve.output, /is active, not pending/);
  t.match((await cli('partner', 'sign-out', '1')).output, /Every session of partner 1 ended/);
});

t.test('forgot password › the mail, in the partner\'s language, says what it is, how long the link works, and what to do if it was not them', async (t) => {
  const smtp = await startSmtpCapture();
  t.teardown(smtp.close);
  const app = await build(t, { smtpUrl: smtp.url, smtpFrom: 'partners@exchanger.example', siteUrl: 'https://exchanger.example' });
  await partnerWithAccount(app, { email: 'en@p.example' });
  await partnerWithAccount(app, { email: 'ru@p.example' });
  for (const [lang, email] of [['en', 'en@p.example'], ['ru', 'ru@p.example']] as const) {
    const b = new Browser(app);
    b.lang = lang;
    await b.get('/partner/forgot');
    t.equal((await b.post('/partner/forgot', { email })).statusCode, 303);
    await waitFor(() => smtp.mails.some((m) => m.to[0]!.includes(email)));
  }
  const [en, ru] = ['en@p.example', 'ru@p.example'].map((email) => readMail(smtp.mails.find((m) => m.to[0]!.includes(email))!));
  const link = /^https:\/\/exchanger\.example\/partner\/set-password\/[A-Za-z0-9_-]{43}$/m;
  t.equal(en!.subject, 'exchanger.example: reset your partner cabinet password');
  t.match(en!.text, link);
  t.match(en!.text, /asked to reset the password of your partner account at exchanger\.example/);
  t.match(en!.text, /within one hour/);
  t.match(en!.text, /If you did not ask for it, ignore this mail: your password stays as it is\./);
  t.notMatch(en!.text, /If this email belongs to an account/, 'not the page\'s notice');
  t.equal(ru!.subject, 'exchanger.example: сброс пароля кабинета партнёра');
  t.match(ru!.text, link);
  t.match(ru!.text, /в течение часа/);
  t.match(ru!.text, /Если вы не запрашивали сброс, проигнорируйте это письмо: пароль останется прежним\./);
  t.notMatch(ru!.text, /Если этот email принадлежит аккаунту/);
});

t.test('forgot password › asked for at once: at most RESET_REQUESTS_PER_HOUR mails to one address', async (t) => {
  const smtp = await startSmtpCapture();
  t.teardown(smtp.close);
  const app = await build(t, { smtpUrl: smtp.url, smtpFrom: 'partners@exchanger.example' });
  await partnerWithAccount(app, { email: 'flooded@p.example' });
  const browsers = Array.from({ length: 10 }, (_, i) => new Browser(app, `192.0.2.${i + 1}`));
  await Promise.all(browsers.map((b) => b.get('/partner/forgot')));
  const answers = await Promise.all(browsers.map((b) => b.post('/partner/forgot', { email: 'flooded@p.example' })));
  t.same(answers.map((res) => res.statusCode), Array(10).fill(303), 'every request gets the same answer');
  await waitFor(() => smtp.mails.length >= RESET_REQUESTS_PER_HOUR);
  await new Promise((r) => setTimeout(r, 300));
  t.equal(smtp.mails.length, RESET_REQUESTS_PER_HOUR, `${RESET_REQUESTS_PER_HOUR} mails, not one per request`);
});
