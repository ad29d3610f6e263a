// What the operator can change after creating a link or a feed, and what the public then sees.
import t from 'tap';
import { adminHeaders, build } from '../helpers/build.js';
import { exchangeBody, makeLink, makePartner } from '../helpers/ledger-factory.js';
import { putDirections } from '../helpers/feeds.js';

const btc = { from: 'BTC', to: 'SBERRUB', in: '1', out: '6125430.5', amount: '4850000' };
const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0' };

t.test('PATCH/DELETE /admin/links/:code › rename, disable (never delete), re-enable', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await makeLink(app.repos, partner.id, 'RADAR24');
  const admin = (method: 'PATCH' | 'DELETE' | 'GET', url: string, payload?: object) => app.inject({ method, url, headers: adminHeaders, payload });

  const renamed = await admin('PATCH', '/admin/links/RADAR24', { name: 'Monitor listing' });
  t.equal(renamed.statusCode, 200);
  t.match(renamed.json(), { code: 'RADAR24', name: 'Monitor listing', disabled: false, partner_id: partner.id });

  const deleted = await admin('DELETE', '/admin/links/RADAR24');
  t.equal(deleted.statusCode, 200);
  t.match(deleted.json(), { code: 'RADAR24', disabled: true });
  t.ok(deleted.json().disabled_at > 0);
  t.match((await admin('GET', `/admin/links?partner_id=${partner.id}`)).json().items, [{ code: 'RADAR24', disabled: true }], 'still listed');

  // A disabled link still sends its visitor to the site, records no click, attributes nothing.
  const ref = await app.inject({ method: 'GET', url: '/ref/RADAR24/', headers: browser });
  t.equal(ref.statusCode, 302);
  t.match((await admin('GET', `/admin/partners/${partner.id}`)).json(), { clicks: 0 });
  const exchange = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ ref_code: 'RADAR24' }) });
  t.match(exchange.json(), { partner_id: null, reward: '0' });

  const enabled = await admin('PATCH', '/admin/links/RADAR24', { disabled: false });
  t.match(enabled.json(), { disabled: false, disabled_at: null });
  t.equal((await admin('PATCH', '/admin/links/NOPE99', { name: 'x' })).statusCode, 404);
  t.equal((await admin('PATCH', '/admin/links/RADAR24', {})).statusCode, 400, 'an empty change is an error');
  t.equal((await admin('DELETE', '/admin/links/NOPE99')).statusCode, 404);
});

t.test('admin feed writes › each answers only once the feeds serve it (read your writes)', async (t) => {
  const app = await build(t);
  await putDirections(app, [btc]);
  const created = await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: 'bestchange' } });
  const code = created.json().code;
  const feed = (format = 'txt') => app.inject({ method: 'GET', url: `/service/export/${format}/${code}` });
  t.equal((await feed()).statusCode, 200, 'served right after the 201');

  await putDirections(app, [{ ...btc, out: '7000000' }], 'PATCH');
  t.match((await feed()).body, /7000000/, 'the new rate right after the 200');

  const renamed = await app.inject({ method: 'PATCH', url: `/admin/feeds/${code}`, headers: adminHeaders, payload: { name: 'BestChange', dialect: 'eref11' } });
  t.match(renamed.json(), { code, name: 'BestChange', dialect: 'eref11', enabled: true });
  t.match((await feed('xml')).body, /<rates/);

  const deleted = await app.inject({ method: 'DELETE', url: `/admin/feeds/${code}`, headers: adminHeaders });
  t.match(deleted.json(), { code, enabled: false });
  t.equal((await feed()).statusCode, 404, 'a disabled feed is gone at once');
  t.match((await app.inject({ method: 'GET', url: '/admin/feeds', headers: adminHeaders })).json().items, [{ code, enabled: false }]);

  await app.inject({ method: 'PATCH', url: `/admin/feeds/${code}`, headers: adminHeaders, payload: { enabled: true } });
  t.equal((await feed()).statusCode, 200, 'back at once');

  await app.inject({ method: 'PUT', url: '/admin/maintenance', headers: adminHeaders, payload: { enabled: true } });
  t.notMatch((await feed()).body, /BTC/, 'maintenance empties the feed at once');

  const bad = await app.inject({ method: 'PATCH', url: `/admin/feeds/${code}`, headers: adminHeaders, payload: { options: { nope: 1 } } });
  t.equal(bad.statusCode, 400);
  t.equal((await app.inject({ method: 'PATCH', url: '/admin/feeds/nope', headers: adminHeaders, payload: { name: 'x' } })).statusCode, 404);
});
