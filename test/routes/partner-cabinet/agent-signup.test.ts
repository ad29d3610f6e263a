// Sign-up through an agent link: /ref/AGENTCODE leads to /partner/signup/?ref=AGENTCODE, the
// page carries the code, and the new partner becomes a sub-partner of the link's owner, whose
// second-tier entry then follows each of the sub-partner's rewards.
import t from 'tap';
import type { Test } from 'tap';
import type { Config } from '../../../src/config.js';
import { adminHeaders, build } from '../../helpers/build.js';
import { Browser, PASSWORD, partnerWithAccount } from '../../helpers/cabinet.js';
import { exchangeBody } from '../../helpers/ledger-factory.js';
import { CHROME_UA } from '../../helpers/referral.js';
import { createPromotionLink } from '../../../src/services/promotion-links/links.js';
import { updatePartner } from '../../../src/services/partners/partners.js';

const SITE = 'https://exchanger.example';

async function setup(t: Test, signup: Config['partnerSignup']) {
  const app = await build(t, { siteUrl: SITE, partnerSignup: signup });
  const owner = await partnerWithAccount(app, { name: 'Owner' });
  await createPromotionLink(app.repos, app.config, owner.id, { code: 'AgentCode', type: 'agent', name: 'Recruits' }, 1);
  await createPromotionLink(app.repos, app.config, owner.id, { code: 'ClientCode' }, 1);
  return { app, owner };
}

/** Follows /ref/CODE as a visitor's browser would, then signs up on the page it lands on. */
async function signUpThrough(app: Awaited<ReturnType<typeof setup>>['app'], code: string, email: string) {
  const ref = await app.inject({ url: `/ref/${code}/`, headers: { 'user-agent': CHROME_UA } });
  const landing = new URL(ref.headers.location as string);
  const b = new Browser(app);
  const page = await b.get(landing.pathname + landing.search);
  const done = await b.post('/partner/signup', { name: 'Sub «Ёж» 🚀', email, password: PASSWORD, ref: landing.searchParams.get('ref') ?? '' });
  const row = await app.repos.partnerAccounts.findByEmail(email);
  const partner = row ? await app.repos.partners.findById(row.partnerId) : null;
  return { ref, landing, page, done, partner };
}

for (const signup of ['open', 'approval'] as const) {
  t.test(`sign-up (${signup}) › /ref/AGENT → the sign-up page carrying the code → a sub-partner of the link's owner`, async (t) => {
    const { app, owner } = await setup(t, signup);
    const { ref, landing, page, done, partner } = await signUpThrough(app, 'AgentCode', `sub-${signup}@p.example`);
    t.equal(ref.statusCode, 302);
    t.equal(landing.href, `${SITE}/partner/signup/?ref=AgentCode`);
    t.equal(page.statusCode, 200);
    t.match(page.body, /id="signup-agent">You are registering through the partner link AgentCode/);
    t.match(page.body, /<input type="hidden" name="ref" value="AgentCode">/);
    t.equal(done.statusCode, 200);
    t.match(done.body, signup === 'open' ? /Sign in with your email/ : /The operator will review/);
    t.equal(partner?.parentPartnerId, owner.id, 'the owner is the new partner\'s referrer');
    t.equal(partner?.status, signup === 'open' ? 'active' : 'pending');
  });
}

t.test('sign-up › a client link, an unknown or disabled code, or a forged ref brings no referrer; Russian page', async (t) => {
  const { app } = await setup(t, 'open');
  const client = await app.inject({ url: '/ref/ClientCode/', headers: { 'user-agent': CHROME_UA } });
  t.equal(client.headers.location, `${SITE}/`, 'a client link does not lead to sign-up');
  const ru = new Browser(app);
  ru.lang = 'ru';
  t.match((await ru.get('/partner/signup/?ref=AgentCode')).body, /Вы регистрируетесь по партнерской ссылке AgentCode/);
  const b = new Browser(app);
  t.notMatch((await b.get('/partner/signup?ref=NoSuchCode')).body, /name="ref"/);
  t.notMatch((await b.get(`/partner/signup?ref=${encodeURIComponent('"><script>x</script>')}`)).body, /<script>x/);
  await b.post('/partner/signup', { name: 'Forged', email: 'forged@p.example', password: PASSWORD, ref: 'ClientCode' });
  t.equal((await app.repos.partners.findById((await app.repos.partnerAccounts.findByEmail('forged@p.example'))!.partnerId))!.parentPartnerId, null);
  // The operator disables the agent link while the visitor fills in the form.
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/links/AgentCode', headers: adminHeaders })).statusCode, 200);
  const late = await b.post('/partner/signup', { name: 'Late', email: 'late@p.example', password: PASSWORD, ref: 'AgentCode' });
  t.equal(late.statusCode, 200, 'the account is made anyway');
  t.equal((await app.repos.partners.findById((await app.repos.partnerAccounts.findByEmail('late@p.example'))!.partnerId))!.parentPartnerId, null);
});

t.test('sign-up closed › /ref/AGENT still leads to the page, which says registration is closed; nothing is created', async (t) => {
  const { app } = await setup(t, 'closed');
  const { landing, page, partner } = await signUpThrough(app, 'AgentCode', 'closed@p.example');
  t.equal(landing.pathname, '/partner/signup/');
  t.equal(page.statusCode, 404);
  t.match(page.body, /Registration is closed/);
  t.equal(partner, null);
});

t.test('second tier › the sub-partner\'s reward gives the owner its percent as a reward_tier2 entry, exact', async (t) => {
  const { app, owner } = await setup(t, 'open');
  await updatePartner(app.repos, owner.id, { second_tier_percent: '12.5' });
  const { partner } = await signUpThrough(app, 'AgentCode', 'earner@p.example');
  await updatePartner(app.repos, partner!.id, { reward_percent: '3' });
  const subLink = await app.repos.links.primaryForPartner(partner!.id);
  const res = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'tier-cab', ref_code: subLink!.code, reward_base_amount: '1234.56789' }) });
  t.equal(res.statusCode, 201);
  const entries = async (id: number) => (await app.repos.ledger.listByPartner(id, 10)).map((e) => ({ kind: e.kind, amount: e.amount }));
  t.same(await entries(partner!.id), [{ kind: 'reward', amount: 3_703_000_000 }], '3 % of 1234.56789 = 37.03');
  t.same(await entries(owner.id), [{ kind: 'reward_tier2', amount: 462_000_000 }], '12.5 % of 37.03 = 4.62875, rounded down to 4.62');
  t.equal((await app.repos.partners.findById(owner.id))!.balance, 462_000_000);
});
