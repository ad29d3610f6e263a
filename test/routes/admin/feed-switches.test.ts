import t from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { addFeed, putDirections } from '../../helpers/feeds.js';

const cashIn = { from: 'CASHUSD', to: 'USDTTRC20', in: '1.01523', out: '1', amount: '125000', minamount: '1000', maxamount: '200000', city: ['MSK'] };

t.test('PUT /admin/currencies/:code › sets the decimals a currency is published with; DELETE restores the default', async (t) => {
  const app = await build(t);
  await putDirections(app, [cashIn]);
  const code = await addFeed(app);
  const txt = async () => {
    await app.feedCache.settle();
    return (await app.inject({ method: 'GET', url: `/service/export/txt/${code}` })).body;
  };
  t.equal(await txt(), 'CASHUSD;USDTTRC20;1.02;1;125000;MSK;\n', 'fiat: 2 decimals, rounded against the client');
  const set = await app.inject({ method: 'PUT', url: '/admin/currencies/cashusd', headers: adminHeaders, payload: { precision: 4 } });
  t.same(set.json(), { code: 'CASHUSD', precision: 4, default_precision: 2, overridden: true });
  t.equal(await txt(), 'CASHUSD;USDTTRC20;1.0153;1;125000;MSK;\n');
  const list = await app.inject({ method: 'GET', url: '/admin/currencies', headers: adminHeaders });
  t.same(list.json().items, [
    { code: 'CASHUSD', precision: 4, default_precision: 2, overridden: true },
    { code: 'USDTTRC20', precision: 8, default_precision: 8, overridden: false },
  ]);
  const reset = await app.inject({ method: 'DELETE', url: '/admin/currencies/CASHUSD', headers: adminHeaders });
  t.same(reset.json(), { code: 'CASHUSD', precision: 2, default_precision: 2, overridden: false });
  t.equal(await txt(), 'CASHUSD;USDTTRC20;1.02;1;125000;MSK;\n');
});

t.test('PUT /admin/currencies/:code › refuses bad codes and precisions; DELETE of a default is a 404', async (t) => {
  const app = await build(t);
  const put = (code: string, payload: unknown) => app.inject({ method: 'PUT', url: `/admin/currencies/${code}`, headers: adminHeaders, payload: payload as object });
  t.match((await put('BTC', { precision: 19 })).json(), { error: { code: 'RL_VALIDATION' } });
  t.equal((await put('BTC', { precision: -1 })).statusCode, 400);
  t.equal((await put('BTC', { precision: 2.5 })).statusCode, 400);
  t.match((await put('B%20C', { precision: 2 })).json(), { error: { code: 'RL_VALIDATION', message: /Invalid code/ } });
  const missing = await app.inject({ method: 'DELETE', url: '/admin/currencies/BTC', headers: adminHeaders });
  t.equal(missing.statusCode, 404);
  t.same((await app.repos.directions.listCurrencies()), []);
});

t.test('GET/PUT /admin/maintenance › the stored switch, and RATELINK_MAINTENANCE which it cannot override', async (t) => {
  const app = await build(t);
  const get = async () => (await app.inject({ method: 'GET', url: '/admin/maintenance', headers: adminHeaders })).json();
  t.same(await get(), { enabled: false, switch: false, forced_by_env: false });
  const put = await app.inject({ method: 'PUT', url: '/admin/maintenance', headers: adminHeaders, payload: { enabled: true } });
  t.same(put.json(), { enabled: true, switch: true, forced_by_env: false });
  t.same(await get(), { enabled: true, switch: true, forced_by_env: false });
  t.equal((await app.inject({ method: 'PUT', url: '/admin/maintenance', headers: adminHeaders, payload: { enabled: 'maybe' } })).statusCode, 400);
  t.equal((await app.inject({ method: 'PUT', url: '/admin/maintenance', payload: { enabled: false } })).statusCode, 401);

  const forced = await build(t, { maintenance: true });
  const off = await forced.inject({ method: 'PUT', url: '/admin/maintenance', headers: adminHeaders, payload: { enabled: false } });
  t.same(off.json(), { enabled: true, switch: false, forced_by_env: true });
});
