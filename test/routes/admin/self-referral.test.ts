// Issue 18 point 15: the self-referral guard knows every address a partner's keys used in the
// attribution window, so switching to a second address is no way around it.
import t from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { exchangeBody } from '../../helpers/ledger-factory.js';
import { callApi, makePartner } from '../../helpers/partner-api.js';
import { CHROME_UA } from '../../helpers/referral.js';

t.test('POST /admin/exchanges › a visitor from an address the partner used before its latest one is still a self-referral', async (t) => {
  const realNow = Date.now;
  let fake = realNow();
  Date.now = () => fake;
  t.teardown(() => { Date.now = realNow; });
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const { partner, apiKey } = await makePartner(app, 'Radar', { reward_percent: '10' }, 'radar1');
  const api = (remoteAddress: string) => app.inject({ url: `/service/partner/api.php?api_action=pp&api_key=${apiKey}&method=get_info`, remoteAddress });

  t.equal((await api('203.0.113.10')).json().status, 'success', 'the partner reads its stats from home');
  const click = await app.inject({ url: '/ref/radar1', remoteAddress: '203.0.113.10', headers: { 'user-agent': CHROME_UA } });
  const visitor = click.cookies.find((c) => c.name === 'ratelink_uid')!.value;
  fake += 120_000;
  t.equal((await api('198.51.100.77')).json().status, 'success', 'then from a second address');
  fake += 60_000;

  const res = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'self-2', user_hash: visitor }) });
  t.match(res.json(), { partner_id: partner.id, flag: 'self_referral', reward: '0' });
  t.equal((await app.repos.partners.findById(partner.id))!.balance, 0);
});

t.test('POST /admin/exchanges › an address last used before the attribution window does not flag', async (t) => {
  const realNow = Date.now;
  let fake = realNow();
  Date.now = () => fake;
  t.teardown(() => { Date.now = realNow; });
  const app = await build(t, { siteUrl: 'https://exchanger.example', cookieDays: 1 });
  const { partner, apiKey } = await makePartner(app, 'Radar', { reward_percent: '10' }, 'radar1');
  await callApi(app, apiKey, 'get_info'); // from 127.0.0.1, two days before the click
  fake += 2 * 86_400_000;
  const click = await app.inject({ url: '/ref/radar1', headers: { 'user-agent': CHROME_UA } });
  const visitor = click.cookies.find((c) => c.name === 'ratelink_uid')!.value;
  const res = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'late', user_hash: visitor }) });
  t.match(res.json(), { partner_id: partner.id, flag: null, reward: '10' });
});

t.test('POST /admin/exchanges › the email the partner signs in to the cabinet with is a self-referral too', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const { partner } = await makePartner(app, 'Radar', { reward_percent: '10' }, 'radar1');
  // Invited under another address than the partner's contact email.
  await app.repos.partnerAccounts.create({ partnerId: partner.id, email: 'Login@Radar.example', at: 1 });
  const res = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders,
    payload: exchangeBody({ external_id: 'self-login', ref_code: 'radar1', customer_email: 'login@radar.EXAMPLE' }) });
  t.match(res.json(), { partner_id: partner.id, flag: 'self_referral', reward: '0' });
  t.equal((await app.repos.partners.findById(partner.id))!.balance, 0);
  const other = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders,
    payload: exchangeBody({ external_id: 'customer', ref_code: 'radar1', customer_email: 'someone@else.example' }) });
  t.match(other.json(), { flag: null, reward: '10' });
});
