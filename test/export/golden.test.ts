// The exporters against golden files: the demo rate table (fixtures/demo/directions.json) in
// every format and dialect, and the research notes' own example files (fixtures/feeds/spec-examples)
// reproduced byte for byte.
import t from 'tap';
import { demoDirections, golden, rateRows, renderRows } from '../helpers/feeds.js';

const rows = rateRows(demoDirections());
const examples = rows.slice(0, 5); // the five directions of docs/feed-examples

t.test('golden › classic XML of the demo rates', async (t) => {
  t.equal(renderRows(rows, 'xml', 'classic'), golden('demo-classic.xml'));
});

t.test('golden › EREF 1.1 XML of the demo rates', async (t) => {
  t.equal(renderRows(rows, 'xml', 'eref11'), golden('demo-eref11.xml'));
});

t.test('golden › JSON v1.3 of the demo rates', async (t) => {
  t.equal(renderRows(rows, 'json'), golden('demo.json'));
});

t.test('golden › TXT of the demo rates', async (t) => {
  t.equal(renderRows(rows, 'txt'), golden('demo.txt'));
});

t.test('golden › the research notes\' feed.xml and feed.txt, byte for byte (but our final newline)', async (t) => {
  t.equal(renderRows(examples, 'xml', 'classic'), `${golden('spec-examples/feed.xml').trimEnd()}\n`);
  t.equal(renderRows(examples, 'txt'), golden('spec-examples/feed.txt'));
});

t.test('golden › the research notes\' feed.json, value for value', async (t) => {
  t.same(JSON.parse(renderRows(examples, 'json')), JSON.parse(golden('spec-examples/feed.json')));
});

t.test('golden › the demo lists every active direction, one XML item and TXT line per city', async (t) => {
  const xml = renderRows(rows, 'xml', 'classic');
  const cityItems = demoDirections().reduce((n, d) => n + (d.active === false ? 0 : Math.max((d.city as string[] | undefined)?.length ?? 0, 1)), 0);
  t.equal(xml.match(/<item>/g)?.length, cityItems);
  t.equal(renderRows(rows, 'txt').split('\n').length - 1, cityItems);
  t.notMatch(xml, '<from>DOGE</from>', 'the inactive direction is not listed');
});
