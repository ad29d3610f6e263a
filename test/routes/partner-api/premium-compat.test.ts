// What real Premium Exchanger clients send: the `ip` filter, and the 2.x path /api.html.
import t from 'tap';
import { build } from '../../helpers/build.js';
import { callApi, click, exchange, makePartner, seed } from '../../helpers/partner-api.js';

async function seeded(t: Parameters<typeof build>[0], overrides = {}) {
  const app = await build(t, overrides);
  const radar = await makePartner(app, 'Radar');
  const other = await makePartner(app, 'Kurs');
  const id = radar.partner.id;
  await seed(app, {
    clicks: [
      click(id, 1631577600, { ip: '203.0.113.45', userHash: 'v1' }),
      click(id, 1631577601, { ip: '203.0.113.46', userHash: 'v2' }),
      click(id, 1631577602, { ip: '198.51.100.9', userHash: 'v3' }),
      click(id, 1631577603, { ip: '2001:db8:abcd:12::7', userHash: 'v4' }),
      click(other.partner.id, 1631577604, { ip: '203.0.113.50', userHash: 'v5' }),
    ],
  });
  await seed(app, {
    exchanges: [
      exchange(id, 1631578000, { clickId: 1, userHash: 'v1' }),
      exchange(id, 1631578001, { clickId: 3, userHash: 'v3' }),
      exchange(id, 1631578002, { clickId: null, userHash: null, refCode: 'RADAR' }),
    ],
  });
  return { app, apiKey: radar.apiKey };
}

const ids = (body: { data: { items: Record<string, { id: number }> } }) => Object.values(body.data.items).map((i) => i.id).sort();

t.test('get_links › ip filters by the network the partner sees, never finer', async (t) => {
  const { app, apiKey } = await seeded(t);
  t.same(ids((await callApi(app, apiKey, 'get_links', { ip: '203.0.113.0' })).json()), [1, 2], 'the masked network as shown');
  t.same(ids((await callApi(app, apiKey, 'get_links', { ip: '203.0.113.45' })).json()), [1, 2], 'an address: its network, no finer');
  t.same(ids((await callApi(app, apiKey, 'get_links', { ip: '203.0.113.77' })).json()), [1, 2]);
  t.same((await callApi(app, apiKey, 'get_links', { ip: '192.0.2.1' })).json().data.items, {}, 'no match: nothing, not everything');
  t.same(ids((await callApi(app, apiKey, 'get_links', { ip: '2001:db8:abcd::' })).json()), [4]);
  t.same(ids((await callApi(app, apiKey, 'get_links', { ip: '' })).json()), [1, 2, 3, 4], 'empty: no filter');
  const bad = (await callApi(app, apiKey, 'get_links', { ip: 'not-an-ip' })).json();
  t.match(bad, { status: 'error' });
});

t.test('get_links › with RATELINK_PARTNER_FULL_IP=1 the filter is the exact address', async (t) => {
  const { app, apiKey } = await seeded(t, { partnerFullIp: true });
  t.same(ids((await callApi(app, apiKey, 'get_links', { ip: '203.0.113.45' })).json()), [1]);
});

t.test('get_exchanges › ip filters by the network of the click the exchange came through', async (t) => {
  const { app, apiKey } = await seeded(t);
  const all = (await callApi(app, apiKey, 'get_exchanges')).json();
  t.equal(Object.keys(all.data.items).length, 3);
  const filtered = (await callApi(app, apiKey, 'get_exchanges', { ip: '203.0.113.0' })).json();
  t.same(ids(filtered), [1]);
  t.same((await callApi(app, apiKey, 'get_exchanges', { ip: '192.0.2.1' })).json().data.items, {});
});

t.test('GET/POST /api.html › Premium 2.x clients get the same API', async (t) => {
  const { app, apiKey } = await seeded(t);
  const get = await app.inject({ method: 'GET', url: `/api.html?api_action=pp&api_key=${apiKey}&method=get_info` });
  t.equal(get.statusCode, 200);
  t.match(get.json(), { status: 'success', data: { balance: 0 } });
  const post = await app.inject({ method: 'POST', url: '/api.html', payload: `api_action=pp&api_key=${apiKey}&method=get_links`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(Object.keys(post.json().data.items).length, 4);
  const wrong = await app.inject({ method: 'GET', url: '/api.html?api_action=pp&api_key=nope&method=get_info' });
  t.match(wrong.json(), { status: 'error' });
});
