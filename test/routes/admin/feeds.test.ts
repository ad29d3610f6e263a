// What the operator can change after creating a feed, and what monitors then see.
import t from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { putDirections } from '../../helpers/feeds.js';

const btc = { from: 'BTC', to: 'SBERRUB', in: '1', out: '6125430.5', amount: '4850000' };

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

t.test('/admin/feeds › a name with control or format characters is a 400 naming it, on create and on rename', async (t) => {
  const app = await build(t);
  for (const name of ['a\u0000b', 'best\u202Echange', 'line\nbreak', '   ']) {
    const created = await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name } });
    t.equal(created.statusCode, 400, JSON.stringify(name));
    t.match(created.json(), { error: { code: 'RL_VALIDATION', message: /^Invalid name: / } });
  }
  const { code } = (await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: ' BestChange ' } })).json();
  t.equal((await app.inject({ method: 'GET', url: '/admin/feeds', headers: adminHeaders })).json().items[0].name, 'BestChange', 'trimmed');
  const renamed = await app.inject({ method: 'PATCH', url: `/admin/feeds/${code}`, headers: adminHeaders, payload: { name: 'x\u0000' } });
  t.equal(renamed.statusCode, 400);
  t.equal((await app.inject({ method: 'GET', url: '/admin/feeds', headers: adminHeaders })).json().items.length, 1, 'nothing else created');
});
