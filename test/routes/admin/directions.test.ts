import t from 'tap';
import { directions } from '../../../src/db/sqlite/schema.js';
import { adminHeaders, build } from '../../helpers/build.js';
import { demoDirections, golden, putDirections } from '../../helpers/feeds.js';
import { sqliteOf } from '../../../src/db/sqlite/index.js';
import { MAX_XML_BYTES } from '../../../src/services/rates/xml-import.js';
import { RATES_VERSION_KEY } from '../../../src/db/sqlite/settings-keys.js';
import { sqliteOnly } from '../../helpers/pg.js';

const SQLITE_ONLY = sqliteOnly('reads the SQLite tables directly');

const btc = { from: 'BTC', to: 'SBERRUB', in: '1', out: '6125430.5', amount: '4850000', minamount: '0.002', maxamount: '0.75' };
const eth = { from: 'ETH', to: 'USDTERC20', in: 1, out: 3412.5, amount: 250000, minamount: 0.05, maxamount: 50, tofee: 5 };

t.test('PUT /admin/directions › replaces the whole table and stores exact decimal strings', async (t) => {
  const app = await build(t);
  t.same((await putDirections(app, [btc, eth])).json(), { upserted: 2, removed: 0, rates_version: 1 });
  const cash = { from: 'USDTTRC20', to: 'CASHUSD', in: '1.015', out: 1, amount: 250000, minamount: 500, maxamount: 100000, param: ['Manual'], city: ['msk', 'SPB'], fromfee: '0.5 %' };
  t.same((await putDirections(app, [eth, cash])).json(), { upserted: 2, removed: 1, rates_version: 2 });
  const items = (await app.inject({ method: 'GET', url: '/admin/directions', headers: adminHeaders })).json().items;
  t.same(items.map((d: { from: string; to: string }) => `${d.from}-${d.to}`), ['ETH-USDTERC20', 'USDTTRC20-CASHUSD']);
  t.match(items[0], { in: '1', out: '3412.5', amount: '250000', minamount: '0.05', tofee: '5', fromfee: null, active: true });
  t.match(items[1], { in: '1.015', param: ['manual'], city: ['MSK', 'SPB'], fromfee: '0.5%' });
  t.ok(Math.abs(items[0].updated_at - Date.now() / 1000) < 60);
});

t.test('PUT /admin/directions › GET\'s items can be sent back as they are', async (t) => {
  const app = await build(t);
  await putDirections(app, demoDirections());
  const items = (await app.inject({ method: 'GET', url: '/admin/directions', headers: adminHeaders })).json().items;
  t.same((await putDirections(app, items)).json(), { upserted: 43, removed: 0, rates_version: 2 });
});

t.test('PATCH /admin/directions › upserts by (from, to); fields left out keep their value; updated_at always stamped', { skip: SQLITE_ONLY }, async (t) => {
  const app = await build(t);
  await putDirections(app, [btc, eth]);
  sqliteOf(app.db).db.update(directions).set({ updatedAt: 1000 }).run();
  const res = await putDirections(app, [{ from: 'btc', to: 'sberrub', out: '6200000' }, { from: 'ETH', to: 'USDTERC20' }, { ...btc, from: 'LTC' }], 'PATCH');
  t.same(res.json(), { upserted: 3, removed: 0, rates_version: 2 });
  const rows = await app.repos.directions.list();
  t.match(rows[0], { from: 'BTC', out: '6200000', in: '1', amount: '4850000', minamount: '0.002' });
  t.match(rows[1], { from: 'ETH', out: '3412.5', tofee: '5' }, 'named without changes');
  t.ok(rows.every((r) => r.updatedAt > 1000), 'every direction named is stamped, changed or not');
  t.equal(rows.length, 3);
  const cleared = await putDirections(app, [{ from: 'ETH', to: 'USDTERC20', tofee: null, active: false }], 'PATCH');
  t.equal(cleared.statusCode, 200);
  t.match((await app.repos.directions.list())[1], { tofee: null, active: false });
});

t.test('PUT/PATCH /admin/directions › a bad direction is a 400 naming the field, and nothing is written', async (t) => {
  const app = await build(t);
  await putDirections(app, [btc]);
  const cases: Array<[unknown, RegExp, 'PUT' | 'PATCH']> = [
    [[btc, { ...eth, in: '0' }], /^Invalid \[1\]\.in: expected a decimal greater than 0$/, 'PUT'],
    [[{ ...eth, out: '1e5' }], /^Invalid \[0\]\.out: expected a decimal/, 'PUT'],
    [[{ ...eth, amount: -1 }], /^Invalid \[0\]\.amount: expected a decimal of 0 or more/, 'PUT'],
    [[{ ...eth, from: 'ETH ERC' }], /^Invalid \[0\]\.from: expected a currency code/, 'PUT'],
    [[{ ...eth, to: 'ETH' }], /^Invalid \[0\]\.to: must differ from from/, 'PUT'],
    [[{ from: 'ETH', to: 'BTC', out: 1, amount: 1 }], /^Invalid \[0\]\.in: required$/, 'PUT'],
    [[{ from: 'ETH', to: 'BTC', out: 1, amount: 1 }], /^Invalid \[0\]\.in: required$/, 'PATCH'],
    [[{ ...eth, maxamount: 0.01 }], /^Invalid \[0\]\.maxamount: must be at least minamount/, 'PUT'],
    [[{ ...eth, tofee: '101%' }], /^Invalid \[0\]\.tofee: expected a percent/, 'PUT'],
    [[{ ...eth, floating: 'soon' }], /^Invalid \[0\]\.floating/, 'PUT'],
    [[{ ...eth, delay: -5 }], /^Invalid \[0\]\.delay/, 'PUT'],
    [[{ ...eth, param: ['manual', 'no way'] }], /^Invalid \[0\]\.param\[1\]: expected marks/, 'PUT'],
    [[{ ...eth, to: 'CASHUSD' }], /^Invalid \[0\]\.city: required for a cash direction/, 'PUT'],
    // JSON numbers beyond what a decimal string may hold: stored, then never published (a 200 for nothing).
    [[{ ...eth, out: 1e40 }], /^Invalid \[0\]\.out: expected at most 30 digits before and 30 after the decimal point$/, 'PUT'],
    [[{ ...eth, in: 1e-31 }], /^Invalid \[0\]\.in: expected at most 30 digits/, 'PUT'],
    [[{ from: 'BTC', to: 'SBERRUB', amount: 2.5e-35 }], /^Invalid \[0\]\.amount: expected at most 30 digits/, 'PATCH'],
    [[eth, { ...eth, from: 'eth' }], /^Invalid \[1\]\.from: duplicate direction ETH-USDTERC20 \(also at \[0\]\.from\)/, 'PUT'],
  ];
  for (const [payload, message, method] of cases) {
    const res = await putDirections(app, payload, method);
    t.equal(res.statusCode, 400, String(message));
    t.match(res.json(), { error: { code: 'RL_VALIDATION', message } });
  }
  const schema = await putDirections(app, [{ ...eth, bonus: 1 }]);
  t.equal(schema.statusCode, 400, 'an unknown field is an error');
  t.equal((await putDirections(app, { from: 'BTC' })).statusCode, 400, 'the body is an array');
  const rows = await app.repos.directions.list();
  t.same(rows.map((r) => `${r.from}-${r.to}:${r.out}`), ['BTC-SBERRUB:6125430.5'], 'the table is unchanged');
  t.equal(await app.repos.directions.ratesVersion(), 1);
});

t.test('POST /admin/directions/import › a BestChange XML export in; the feed reproduces it', async (t) => {
  const app = await build(t);
  const res = await app.inject({
    method: 'POST', url: '/admin/directions/import', headers: { ...adminHeaders, 'content-type': 'application/xml' },
    payload: golden('spec-examples/feed.xml'),
  });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { upserted: 5, removed: 0, rates_version: 1 });
  const code = (await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: 'bestchange' } })).json().code;
  await app.feedCache.refresh();
  const xml = await app.inject({ method: 'GET', url: `/service/export/xml/${code}` });
  t.equal(xml.body.trimEnd(), golden('spec-examples/feed.xml').trimEnd());
});

t.test('POST /admin/directions/import › upserts by default, replaces with ?replace=true; text/xml accepted', async (t) => {
  const app = await build(t);
  await putDirections(app, [eth]);
  const post = (query: string) => app.inject({
    method: 'POST', url: `/admin/directions/import${query}`, headers: { ...adminHeaders, 'content-type': 'text/xml' },
    payload: `<rates><item><from>BTC</from><to>SBERRUB</to><in>1</in><out>6125430.5</out><amount>4850000</amount><frommin>0.002</frommin><frommax>0.75</frommax></item></rates>`,
  });
  t.same((await post('')).json(), { upserted: 1, removed: 0, rates_version: 2 });
  t.equal((await app.repos.directions.list()).length, 2);
  t.same((await post('?replace=true')).json(), { upserted: 1, removed: 1, rates_version: 3 });
  t.same((await app.repos.directions.list()).map((r) => r.from), ['BTC']);
});

t.test('POST /admin/directions/import › a clear 400 naming the first bad item; nothing written', { skip: SQLITE_ONLY }, async (t) => {
  const app = await build(t);
  const post = (payload: string) => app.inject({
    method: 'POST', url: '/admin/directions/import', headers: { ...adminHeaders, 'content-type': 'application/xml' }, payload,
  });
  const bad = await post(`<rates>
<item><from>BTC</from><to>SBERRUB</to><in>1</in><out>6125430.5</out><amount>4850000</amount><minamount>0.002</minamount><maxamount>0.75</maxamount></item>
<item><from>ETH</from><to>USDTERC20</to><in>1</in><out>3,412.5</out><amount>250000</amount><minamount>0.05</minamount><maxamount>50</maxamount></item>
<item><from>ETH</from><to>BTC</to><in>x</in></item>
</rates>`);
  t.equal(bad.statusCode, 400);
  t.same(bad.json(), { error: { code: 'RL_VALIDATION', message: 'Invalid item 2 <out>: expected a decimal greater than 0' } });
  t.match((await post('<rates><item>')).json(), { error: { code: 'RL_VALIDATION', message: /^Invalid XML: / } });
  t.equal((await app.repos.directions.list()).length, 0);
  t.equal(await app.repos.settings.get(RATES_VERSION_KEY), null, 'no version bump either');
});

t.test('POST /admin/directions/import › hostile documents: a 400 naming the problem, checked before parsing', async (t) => {
  const app = await build(t);
  const post = (payload: string) => app.inject({
    method: 'POST', url: '/admin/directions/import', headers: { ...adminHeaders, 'content-type': 'application/xml' }, payload,
  });
  const cases: Array<[string, string, RegExp]> = [
    ['a __proto__ element', '<rates><item><__proto__><polluted>1</polluted></__proto__></item></rates>', /^Invalid XML: .*__proto__/],
    ['a constructor element', '<rates><item><constructor>1</constructor></item></rates>', /^Invalid XML: .*constructor/],
    ['deep nesting', `<rates>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</rates>`, /^Invalid XML: elements nested deeper than 8 levels/],
    ['too many items', `<rates>${'<item/>'.repeat(20_001)}</rates>`, /^Invalid XML: at most 20000 items/],
  ];
  for (const [name, xml, message] of cases) {
    const res = await post(xml);
    t.equal(res.statusCode, 400, name);
    t.match(res.json(), { error: { code: 'RL_VALIDATION', message } }, name);
  }
  const huge = await post(`<rates>${' '.repeat(MAX_XML_BYTES)}</rates>`);
  t.equal(huge.statusCode, 413, 'a document over the size limit is not even read');
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  t.equal((await app.repos.directions.list()).length, 0);
});

t.test('/admin/directions › requires the admin token', async (t) => {
  const app = await build(t);
  t.equal((await app.inject({ method: 'GET', url: '/admin/directions' })).statusCode, 401);
  t.equal((await app.inject({ method: 'PUT', url: '/admin/directions', payload: [btc] })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url: '/admin/directions/import', headers: { 'content-type': 'application/xml' }, payload: '<rates/>' })).statusCode, 401);
  t.equal((await app.repos.directions.list()).length, 0);
});

t.test('PATCH /admin/directions › two PATCHes at once naming different fields of the same directions both stick', async (t) => {
  // A rate bot pushing rates while a reserve bot pushes reserves: each PATCH must merge into
  // what the other wrote, or the feed publishes an old rate stamped as fresh.
  const app = await build(t);
  const pairs = Array.from({ length: 50 }, (_, i) => ({ from: `AA${i}X`, to: `BB${i}X` }));
  await putDirections(app, pairs.map((p) => ({ ...p, in: '1', out: '1', amount: '1' })));
  const rounds = 30;
  const push = async (field: 'out' | 'amount', value: (i: number) => string) => {
    for (let i = 1; i <= rounds; i++) {
      const res = await putDirections(app, pairs.map((p) => ({ ...p, [field]: value(i) })), 'PATCH');
      t.equal(res.statusCode, 200);
    }
  };
  await Promise.all([push('out', (i) => String(i)), push('amount', (i) => String(1000 + i))]);
  const rows = await app.repos.directions.list();
  t.same(rows.map((r) => `${r.from} ${r.out} ${r.amount}`), pairs.map((p) => `${p.from} ${rounds} ${1000 + rounds}`));
});
