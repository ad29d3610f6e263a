// Sub-ids: from the click (/ref/CODE/?sub1=…) to the attributed exchange, the partner API's
// get_links/get_exchanges (as new fields only) and the report rows.
import t from 'tap';
import { adminHeaders, build } from '../helpers/build.js';
import { exchangeBody } from '../helpers/ledger-factory.js';
import { callApi, makePartner } from '../helpers/partner-api.js';
import { CHROME_UA } from '../helpers/referral.js';
import { listClicks, listExchanges } from '../../src/services/reports/reports.js';
import { signedIn } from '../helpers/rest-api.js';
import { makeLink } from '../helpers/ledger-factory.js';

t.test('GET /ref/:code?sub1=… › sub-ids go with the click to the exchange, the API and the reports', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const { partner, apiKey } = await makePartner(app, 'Tagger', { reward_percent: '10' }, 'tagger1');
  const click = await app.inject({
    url: `/ref/tagger1/?subid=fb-campaign&sub2=${encodeURIComponent('ad #7 «spring»')}&sub3=${'x'.repeat(101)}&sub4=%07bell&sub5=ok&utm_source=x`,
    headers: { 'user-agent': CHROME_UA },
  });
  t.equal(click.headers.location, 'https://exchanger.example/?utm_source=x', 'sub-ids are not passed on to the site');
  const visitor = click.cookies.find((c) => c.name === 'ratelink_uid')!.value;
  const subs = { sub1: 'fb-campaign', sub2: 'ad #7 «spring»', sub3: null, sub4: null, sub5: 'ok' };

  const exchange = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'tagged', user_hash: visitor }) });
  t.equal(exchange.statusCode, 201);
  const stored = await app.repos.exchanges.findByExternalId('tagged');
  t.match(stored, { partnerId: partner.id, ...subs });
  t.ok(stored!.linkId, 'the exchange knows its link');

  const links = (await callApi(app, apiKey, 'get_links')).json().data.items as Record<string, Record<string, unknown>>;
  const clickItem = Object.values(links)[0]!;
  t.match(clickItem, { sub1: 'fb-campaign', sub2: 'ad #7 «spring»', sub5: 'ok' });
  t.notOk('sub3' in clickItem || 'sub4' in clickItem, 'a dropped sub-id is no field at all');
  const exchanges = (await callApi(app, apiKey, 'get_exchanges')).json().data.items as Record<string, Record<string, unknown>>;
  t.match(Object.values(exchanges)[0], { sub1: 'fb-campaign', sub2: 'ad #7 «spring»', sub5: 'ok' });

  t.match((await listClicks(app.repos, { partnerId: partner.id, limit: 10, offset: 0 }))[0], subs, 'report rows carry sub1..sub5');
  t.match((await listExchanges(app.repos, { partnerId: partner.id, limit: 10, offset: 0 }))[0], subs);
});

t.test('GET /ref/:code › without sub-ids, get_links and get_exchanges rows have no sub fields', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const { apiKey } = await makePartner(app, 'Plain', { reward_percent: '10' }, 'plain1');
  const click = await app.inject({ url: '/ref/plain1/', headers: { 'user-agent': CHROME_UA } });
  const visitor = click.cookies.find((c) => c.name === 'ratelink_uid')!.value;
  await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'plain', user_hash: visitor }) });
  const linkItem = Object.values((await callApi(app, apiKey, 'get_links')).json().data.items as object)[0] as object;
  const exchangeItem = Object.values((await callApi(app, apiKey, 'get_exchanges')).json().data.items as object)[0] as object;
  t.same(Object.keys(linkItem), ['id', 'time', 'date', 'browser', 'ip', 'referrer', 'user_hash', 'query_string']);
  t.notMatch(Object.keys(exchangeItem).join(), /sub\d/);
});

t.test('GET /api/reports/exchanges/ › an exchange row carries its click\'s sub-ids, as the click row and get_exchanges do', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const me = await signedIn(app, { reward_percent: '10' });
  await makeLink(app.repos, me.partner.id, 'resttag1');
  const click = await app.inject({ url: '/ref/resttag1/?sub1=tracker-42&sub3=ok', headers: { 'user-agent': CHROME_UA } });
  const visitor = click.cookies.find((c) => c.name === 'ratelink_uid')!.value;
  t.equal((await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'rest-tagged', user_hash: visitor }) })).statusCode, 201);
  await app.inject({ url: '/ref/resttag1/', headers: { 'user-agent': CHROME_UA, 'x-forwarded-for': '198.51.100.9' } });
  const get = async (report: string) => (await app.inject({ url: `/api/reports/${report}/`, headers: me.headers })).json().data as Array<Record<string, unknown>>;
  t.match((await get('clicks')).at(-1), { sub1: 'tracker-42', sub3: 'ok' });
  const [row] = await get('exchanges');
  t.match(row, { sub1: 'tracker-42', sub3: 'ok' }, 'the tracker\'s id comes back with the exchange');
  t.notOk('sub2' in row! || 'sub4' in row!, 'a sub-id not sent is no field at all');
});

t.test('GET /api/reports/{clicks,exchanges}/?format=csv › the CSV rows carry sub1..sub5 too (a visitor\'s formula stays text)', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const me = await signedIn(app, { reward_percent: '10' });
  await makeLink(app.repos, me.partner.id, 'csvtag1');
  const click = await app.inject({ url: `/ref/csvtag1/?sub1=tracker-7&sub2=${encodeURIComponent('=HYPERLINK("x")')}`, headers: { 'user-agent': CHROME_UA } });
  const visitor = click.cookies.find((c) => c.name === 'ratelink_uid')!.value;
  await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'csv-tagged', user_hash: visitor }) });
  for (const report of ['clicks', 'exchanges']) {
    const [header, row] = (await app.inject({ url: `/api/reports/${report}/?format=csv`, headers: me.headers })).body.split('\r\n') as [string, string];
    t.match(header, /,sub1,sub2,sub3,sub4,sub5$/, `${report}: the columns`);
    t.match(row, /,tracker-7,"'=HYPERLINK\(""x""\)",,,$/, `${report}: the values, the formula quoted`);
  }
});
