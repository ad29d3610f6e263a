import t from 'tap';
import { renderJson } from '../../src/export/json.js';
import { publishAll, rateRow } from '../helpers/feeds.js';

const xrOf = (fields: Parameters<typeof rateRow>[0]) => /"xr":(-?[\d.]+)/.exec(renderJson(publishAll([rateRow(fields)])))![1];

t.test('JSON v1.3 › xr has at most 6 decimals, rounded in the exchanger\'s favour', async (t) => {
  // The client gives xr units of `from` for 1 of `to`: rounded up, the client gives a little more.
  t.equal(xrOf({ in: '30.59975521', out: '1' }), '30.599756');
  // The client gets |xr| units of `to` for 1 of `from`: rounded towards zero, it gets a little less.
  t.equal(xrOf({ from: 'USDTTRC20', to: 'ETH', in: '1', out: '3.12345678' }), '-3.123456');
  t.equal(xrOf({ in: '82.45', out: '1' }), '82.45', 'short values unchanged');
  t.equal(xrOf({ in: '1', out: '1' }), '1');
});
