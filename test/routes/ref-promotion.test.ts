// /ref/:code follows the promotion link's own target; the visitor's cur_from/cur_to still win.
import t, { type Test } from 'tap';
import { build } from '../helpers/build.js';
import { CHROME_UA } from '../helpers/referral.js';
import { createPromotionLink } from '../../src/services/promotion-links/links.js';

const SITE = 'https://exchanger.example';
const NOW = 1_800_000_000;

async function setup(t: Test) {
  const app = await build(t, { siteUrl: SITE });
  const direction = { in: '1', out: '1', amount: '100', minamount: '0', maxamount: '0', minfee: null, fromfee: null, tofee: null, floating: null, delay: null, param: [], city: [] };
  await app.repos.directions.upsertMany([
    { ...direction, from: 'PMUSD', to: 'BTC', active: true },
    { ...direction, from: 'BTC', to: 'ETH', active: true },
    { ...direction, from: 'BTC', to: 'XMR', active: false },
  ], NOW);
  const partner = await app.repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '1' });
  const link = (input: Parameters<typeof createPromotionLink>[3]) => createPromotionLink(app.repos, app.config, partner.id, input, NOW);
  const get = async (url: string, method: 'GET' | 'HEAD' = 'GET') => {
    const res = await app.inject({ method, url, headers: { 'user-agent': CHROME_UA } });
    t.equal(res.statusCode, 302, url);
    return res.headers.location as string;
  };
  return { app, link, get };
}

t.test('GET /ref/:code › a direction link goes to its direction; the visitor\'s codes win', async (t) => {
  const { link, get } = await setup(t);
  await link({ code: 'DirLink', cur_from: 'BTC', cur_to: 'ETH' });
  t.equal(await get('/ref/DirLink/'), `${SITE}/exchange/BTC/ETH/`);
  t.equal(await get('/ref/DirLink/?utm_source=x'), `${SITE}/exchange/BTC/ETH/?utm_source=x`);
  t.equal(await get('/ref/DirLink/?cur_from=PMUSD&cur_to=BTC'), `${SITE}/exchange/PMUSD/BTC/`, 'a monitor\'s codes win');
  t.equal(await get('/ref/DirLink/?cur_from=PMUSD'), `${SITE}/?cur_from=PMUSD`, 'one code of the visitor wins too');
  t.equal(await get('/ref/DirLink/', 'HEAD'), `${SITE}/exchange/BTC/ETH/`, 'HEAD redirects alike');
  await link({ code: 'OffLink', cur_from: 'BTC', cur_to: 'XMR' });
  t.equal(await get('/ref/OffLink/'), `${SITE}/?cur_from=BTC&cur_to=XMR`, 'inactive direction: home pre-selecting it');
});

t.test('GET /ref/:code › a page link goes to its page with the pass-on parameters', async (t) => {
  const { link, get } = await setup(t);
  await link({ code: 'PageLink', target_url: '/promo/spring?lang=en' });
  t.equal(await get('/ref/PageLink'), `${SITE}/promo/spring?lang=en`);
  t.equal(await get('/ref/PageLink/?utm_source=x'), `${SITE}/promo/spring?lang=en&utm_source=x`);
  t.equal(await get('/ref/PageLink/?cur_from=BTC&cur_to=ETH'), `${SITE}/exchange/BTC/ETH/`, 'the visitor\'s direction wins');
  await link({ code: 'EncLink', target_url: '%2F%2Fevil.com' });
  t.equal(new URL(await get('/ref/EncLink')).origin, SITE);
});

t.test('GET /ref/:code › an agent link goes to the sign-up page with its code, never to its targetUrl', async (t) => {
  const { link, get } = await setup(t);
  await link({ code: 'AgentLink', type: 'agent', target_url: 'http://www.baidu.com' });
  t.equal(await get('/ref/AgentLink/?cur_from=BTC&cur_to=ETH'), `${SITE}/partner/signup/?ref=AgentLink`);
});

t.test('GET /ref/?uid=CODE › the code under the link\'s parameter type (uid also for links without one)', async (t) => {
  const { app, link, get } = await setup(t);
  await link({ code: 'UidLink', target_url: '/u', parameter_type: 'uid' });
  await link({ code: 'PidLink', target_url: '/p', parameter_type: 'pid' });
  await link({ code: 'NoType', target_url: '/n' });
  t.equal(await get('/ref/?uid=UidLink&utm_source=x'), `${SITE}/u?utm_source=x`, 'the code parameter is not passed on');
  t.equal(await get('/ref?uid=NoType'), `${SITE}/n`);
  t.equal(await get('/ref/?pid=PidLink'), `${SITE}/p`);
  t.equal(await get('/ref/?uid=PidLink'), `${SITE}/?uid=PidLink`, 'a pid link is not reached under uid: nothing named, passed on');
  t.equal(await get('/ref/?sid=UidLink'), `${SITE}/?sid=UidLink`);
  t.equal(await get('/ref/PidLink/?uid=UidLink'), `${SITE}/p?uid=UidLink`, 'the path code wins; uid then is an ordinary parameter');
  const clicks = await app.repos.clicks.count();
  t.equal(clicks, 4, 'the clicks of the four links reached were recorded');
});
