import t from 'tap';
import { parseRatesXml } from '../../../src/services/rates/xml-import.js';
import { golden } from '../../helpers/feeds.js';

const doc = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<rates>\n${items}</rates>\n`;

t.test('XML import › classic items become directions; one per city merged into a city list', async (t) => {
  const imported = await parseRatesXml(golden('spec-examples/feed.xml'));
  t.equal(imported.length, 5);
  t.same(imported[0], {
    item: 1,
    input: { param: [], from: 'BTC', to: 'SBERRUB', in: '1', out: '6125430.5', amount: '4850000', minamount: '0.002', maxamount: '0.75' },
  });
  t.same(imported[2].input.city, ['MSK', 'SPB']);
  t.same(imported[2].input.param, ['manual']);
  t.equal(imported[3].item, 5, 'items keep their position in the document for error messages');
  t.equal(imported[4].input.fromfee, '0.5%');
});

t.test('XML import › EREF 1.1 names, flags, typed fees, Premium floating and limits with a currency suffix', async (t) => {
  const [only] = await parseRatesXml(doc(`<item><from>WMZ</from><to>WMB</to><in>1</in><out>30.593562</out><amount>572962.42</amount>
<frommin>3</frommin><frommax>1000</frommax><tomin>10</tomin><tomax>15000</tomax><minamount>5 WMZ</minamount>
<fromfee type="%">1</fromfee><tofee>2.15 WMB</tofee><floating minutes="30" percent="1"/><delay>15</delay>
<manual/><reg>true</reg><juridical>false</juridical><param>verifying, cardverify</param></item>`));
  t.same(only.input, {
    from: 'WMZ', to: 'WMB', in: '1', out: '30.593562', amount: '572962.42',
    minamount: '5', maxamount: '1000', fromfee: '1%', tofee: '2.15', floating: '30', delay: '15',
    param: ['manual', 'reg', 'verifying', 'cardverify'],
  }, 'the largest of several minimums is kept; tomin/tomax are derived, not imported');
});

t.test('XML import › an empty <rates> imports nothing', async (t) => {
  t.same(await parseRatesXml('<rates></rates>'), []);
  t.same(await parseRatesXml('<rates/>'), []);
});

t.test('XML import › untrusted documents are refused with the reason (400)', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['<rates><item><from>BTC</from></rates>', /^Invalid XML: .*line 1/],
    ['not xml at all', /^Invalid XML/],
    ['<?xml version="1.0"?><!DOCTYPE rates [<!ENTITY a "aaaa">]><rates>&a;</rates>', /DOCTYPE and ENTITY declarations are not accepted/],
    ['<items><item/></items>', /root element must be <rates>/],
    [doc('<item><from>BTC</from><to>ETH</to><bonus>5</bonus></item>'), /^Invalid item 1 <bonus>: unknown element/],
    [doc('<item><from>BTC</from><to>ETH</to><step frommin="1"><in>1</in></step></item>'), /^Invalid item 1 <step>: amount-based rate bands are not supported/],
    [doc('<item><from>BTC</from><to>ETH</to><fromfee>1</fromfee><fromfee>1%</fromfee></item>'), /^Invalid item 1 <fromfee>: several fees/],
    // Premium's classic XML joins a fixed and a percent fee in one element (§1.6).
    [doc('<item><from>BTC</from><to>ETH</to><tofee>1 USD, 0.5 %</tofee></item>'), /^Invalid item 1 <tofee>: several fees/],
    [doc('<item><from>A1</from><to>CASHUSD</to><in>1</in><city>MSK</city></item>\n<item><from>A1</from><to>CASHUSD</to><in>2</in><city>SPB</city></item>'),
      /^Invalid item 2: repeats A1-CASHUSD of item 1; only the <city> may differ/],
    [doc('<item><from><x>1</x></from></item>'), /^Invalid item 1 <from>: expected text/],
  ];
  for (const [xml, message] of cases) await t.rejects(parseRatesXml(xml), { statusCode: 400, message }, xml.slice(0, 60));
});
