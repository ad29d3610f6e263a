import { XMLParser, XMLValidator } from 'fast-xml-parser';
import t from 'tap';
import { renderEmptyFeed } from '../../src/export/feed.js';
import { renderJson } from '../../src/export/json.js';
import { renderTxt } from '../../src/export/txt.js';
import type { PublishedRate } from '../../src/export/types.js';
import { renderXml } from '../../src/export/xml.js';

// Upstream validation keeps such values out of the database; the exporters must not rely on it.
const hostile = (s: string) => `${s}<&>"'\u0001`;
const rate: PublishedRate = {
  id: 1, from: hostile('FROM'), to: hostile('TO'), in: hostile('1'), out: hostile('2'), amount: hostile('3'),
  min: hostile('4'), max: hostile('5'), tomin: hostile('6'), tomax: hostile('7'), minfee: hostile('8'),
  fromfee: { kind: 'fixed', value: hostile('9') }, tofee: { kind: 'percent', value: hostile('10') },
  floating: hostile('11'), delay: hostile('12'), param: [hostile('p1'), 'p2'], city: [hostile('C1')], updatedAt: 0,
};
const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true });

for (const dialect of ['classic', 'eref11'] as const) {
  t.test(`XML ${dialect} › every text field is escaped; the document stays well-formed and reads back`, async (t) => {
    const xml = renderXml([rate], dialect);
    t.equal(XMLValidator.validate(xml), true);
    t.notMatch(xml, '\u0001', 'characters XML cannot carry are dropped');
    const item = parser.parse(xml).rates.item;
    const clean = (s: string) => `${s}<&>"'`;
    t.match(item, {
      from: clean('FROM'), to: clean('TO'), in: clean('1'), out: clean('2'), amount: clean('3'),
      fromfee: clean('9'), tofee: `${clean('10')}%`, floating: clean('11'), delay: clean('12'),
      param: `${clean('p1')},p2`, city: clean('C1'), minfee: clean('8'),
    });
    if (dialect === 'classic') t.match(item, { minamount: clean('4'), maxamount: clean('5') });
    else t.match(item, { frommin: clean('4'), frommax: clean('5'), tomin: clean('6'), tomax: clean('7'), minamount: clean('4') });
  });
}

t.test('XML › fixed element order, one per line, optional elements omitted rather than empty', async (t) => {
  const plain: PublishedRate = { ...rate, from: 'BTC', to: 'CASHUSD', in: '1', out: '101200', amount: '250000', min: '0.01', max: '2', tomin: '1012', tomax: '202400', minfee: undefined, fromfee: undefined, tofee: { kind: 'fixed', value: '5' }, floating: '30', delay: undefined, param: ['manual'], city: ['MSK'] };
  const tags = (xml: string) => [...xml.matchAll(/^<(\w+)>[^\n]*<\/\1>$/gm)].map((m) => m[1]);
  t.same(tags(renderXml([plain], 'classic')), ['from', 'to', 'in', 'out', 'amount', 'minamount', 'maxamount', 'tofee', 'floating', 'param', 'city']);
  t.same(tags(renderXml([plain], 'eref11')), ['from', 'to', 'in', 'out', 'amount', 'frommin', 'frommax', 'tomin', 'tomax', 'tofee', 'floating', 'city', 'param', 'minamount', 'maxamount']);
});

t.test('JSON and TXT › hostile text cannot break out of its field', async (t) => {
  // Numbers are always formatted by publishRate; text fields are what could carry anything.
  const numbers = { in: '1', out: '2', amount: '3', min: '4', max: '5', minfee: '8', fromfee: undefined, tofee: undefined };
  const json = JSON.parse(renderJson([{ ...rate, ...numbers }]));
  t.equal(json.currencies.list['1'], hostile('FROM'));
  t.same(json.exchange['1'].to['2'].cities, [hostile('C1')]);
  const line = renderTxt([{ ...rate, from: 'A;B\nC', city: ['X;Y'], in: '1', out: '2', amount: '3' }]);
  t.equal(line, 'ABC;TO<&>"\'\u0001;1;2;3;XY;\n');
});

t.test('empty documents (maintenance, or nothing to list) are valid and empty', async (t) => {
  t.equal(renderEmptyFeed('xml', 'classic'), '<?xml version="1.0" encoding="UTF-8"?>\n<rates></rates>\n');
  t.equal(XMLValidator.validate(renderEmptyFeed('xml', 'eref11')), true);
  t.match(renderEmptyFeed('xml', 'eref11'), /<rates [^>]+><\/rates>\n$/);
  t.same(JSON.parse(renderEmptyFeed('json', 'classic')), { version: '1.3', currencies: { list: {}, amounts: {} }, exchange: {} });
  t.equal(renderEmptyFeed('txt', 'classic'), '');
});
