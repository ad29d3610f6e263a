import t from 'tap';
import { DEFAULT_MAX_AGE, readFeedOptions } from '../../src/services/feeds/options.js';
import { selectForFeed } from '../../src/export/select.js';
import type { RateRow } from '../../src/export/types.js';
import { publishAll, rateRow, renderRows, T0 } from '../helpers/feeds.js';

const pairs = (rows: RateRow[], options: Record<string, unknown> = {}, now = T0) =>
  selectForFeed(publishAll(rows), readFeedOptions(options), now).items.map((r) => `${r.from}-${r.to}`);

const table = [
  rateRow({ id: 1, from: 'BTC', to: 'SBERRUB' }),
  rateRow({ id: 2, from: 'SBERRUB', to: 'USDTTRC20', in: '82.45', out: '1', amount: '125000', minamount: '5000', maxamount: '1500000' }),
  rateRow({ id: 3, from: 'USDTTRC20', to: 'CASHUSD', in: '1.015', out: '1', amount: '250000', minamount: '500', maxamount: '100000', city: ['MSK'] }),
];

t.test('exclusion › inactive directions are left out', async (t) => {
  t.same(pairs([rateRow({ active: false }), table[1]]), ['SBERRUB-USDTTRC20']);
});

t.test('exclusion › zero or negative rates are left out', async (t) => {
  t.same(pairs([rateRow({ in: '0' }), rateRow({ out: '0' }), rateRow({ out: '-5' }), rateRow({ in: '-1' }), rateRow({ in: 'junk' })]), []);
});

t.test('exclusion › no reserve, or a reserve that rounds to nothing, is left out', async (t) => {
  t.same(pairs([rateRow({ amount: '0' }), rateRow({ amount: '0.001' /* SBERRUB: 2 decimals */ }), rateRow({ amount: '-1' })]), []);
});

t.test('exclusion › a reserve below the minimum order is left out', async (t) => {
  // min 0.002 BTC × 6125430.5 = 12250.86 RUB needed.
  t.same(pairs([rateRow({ amount: '12250' })]), []);
  t.same(pairs([rateRow({ amount: '12251' })]), ['BTC-SBERRUB']);
});

t.test('exclusion › a cash direction without a city is left out', async (t) => {
  t.same(pairs([{ ...table[2], city: [] }]), []);
  t.same(pairs([table[2]]), ['USDTTRC20-CASHUSD']);
});

t.test('exclusion › stale rates: listed up to max_age seconds after the update, left out after', async (t) => {
  t.equal(DEFAULT_MAX_AGE, 600, 'the guard is on by default: 10 minutes');
  t.same(pairs(table, {}, T0 + 600), ['BTC-SBERRUB', 'SBERRUB-USDTTRC20', 'USDTTRC20-CASHUSD']);
  t.same(pairs(table, {}, T0 + 601), []);
  t.same(pairs([table[0], { ...table[1], updatedAt: T0 + 100 }], {}, T0 + 601), ['SBERRUB-USDTTRC20']);
  t.same(pairs(table, { max_age: 30 }, T0 + 31), []);
  t.same(pairs(table, { max_age: 30 }, T0 + 30).length, 3);
});

t.test('exclusion › the next change is when the first listed rate turns stale', async (t) => {
  const rows = [table[0], { ...table[1], updatedAt: T0 - 100 }, { ...table[2], updatedAt: T0 - 5000 /* already stale */ }];
  t.equal(selectForFeed(publishAll(rows), readFeedOptions({}), T0).nextChangeAt, T0 - 100 + 601);
  t.equal(selectForFeed(publishAll(rows), readFeedOptions({}), T0 + 10_000).nextChangeAt, null);
});

t.test('options › include lists currencies (either side) or FROM-TO directions', async (t) => {
  t.same(pairs(table, { include: ['SBERRUB'] }), ['BTC-SBERRUB', 'SBERRUB-USDTTRC20']);
  t.same(pairs(table, { include: ['USDTTRC20-CASHUSD'] }), ['USDTTRC20-CASHUSD']);
  t.same(pairs(table, { include: ['sberrub-usdttrc20', 'btc'] }), ['BTC-SBERRUB', 'SBERRUB-USDTTRC20'], 'codes are upper-cased');
  t.same(pairs(table, { include: ['DOGE'] }), []);
});

t.test('options › exclude lists currencies or directions, and wins over include', async (t) => {
  t.same(pairs(table, { exclude: ['CASHUSD'] }), ['BTC-SBERRUB', 'SBERRUB-USDTTRC20']);
  t.same(pairs(table, { exclude: ['BTC-SBERRUB'] }), ['SBERRUB-USDTTRC20', 'USDTTRC20-CASHUSD']);
  t.same(pairs(table, { exclude: ['SBERRUB-BTC'] }).length, 3, 'a direction is not its reverse');
  t.same(pairs(table, { include: ['SBERRUB'], exclude: ['BTC'] }), ['SBERRUB-USDTTRC20']);
});

t.test('options › aliases rename currencies in every format; include/exclude use our codes', async (t) => {
  const options = { aliases: { USDTTRC20: 'USDTTRC', SBERRUB: 'SBRFRUB' }, exclude: ['BTC-SBERRUB'] };
  t.same(pairs(table, options), ['SBRFRUB-USDTTRC', 'USDTTRC-CASHUSD']);
  const xml = renderRows(table, 'xml', 'classic', options);
  t.match(xml, '<from>SBRFRUB</from>\n<to>USDTTRC</to>');
  t.notMatch(xml, 'USDTTRC20');
  t.match(renderRows(table, 'txt', 'classic', options), 'SBRFRUB;USDTTRC;82.45;1;125000;;\nUSDTTRC;CASHUSD;');
  t.match(JSON.parse(renderRows(table, 'json', 'classic', options)).currencies.list, { 1: 'SBRFRUB', 2: 'USDTTRC', 3: 'CASHUSD' });
});

t.test('options › an alias that spells another of our codes lists the pair once, the first direction', async (t) => {
  const rows = [...table, rateRow({ id: 4, from: 'BTC', to: 'SBRFRUB', out: '7000000' })];
  t.same(pairs(rows, { aliases: { SBERRUB: 'SBRFRUB' } }), ['BTC-SBRFRUB', 'SBRFRUB-USDTTRC20', 'USDTTRC20-CASHUSD']);
  const json = JSON.parse(renderRows(rows, 'json', 'classic', { aliases: { SBERRUB: 'SBRFRUB' } }));
  t.equal(Object.keys(json.exchange['1'].to).length, 1, 'one BTC → SBRFRUB entry in JSON');
});

t.test('options › an alias that spells the other side\'s code leaves the direction out: never FROM = TO', async (t) => {
  const options = { aliases: { BTC: 'SBERRUB' } };
  t.same(pairs(table, options), ['SBERRUB-USDTTRC20', 'USDTTRC20-CASHUSD']);
  t.notMatch(renderRows(table, 'txt', 'classic', options), 'SBERRUB;SBERRUB;');
  t.notMatch(renderRows(table, 'xml', 'classic', options), '<from>SBERRUB</from>\n<to>SBERRUB</to>');
});
