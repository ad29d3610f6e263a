// One rule for currency codes and precision: what the rate table accepts, /ref and exchange
// ingestion accept too, and a currency has the same decimals in feeds and in rewards.
import t from 'tap';
import { defaultPrecision } from '../../src/money/currency.js';
import { computeReward } from '../../src/services/ledger/rewards.js';
import { decimal, fromUnits, toUnits } from '../../src/money/decimal.js';
import { adminHeaders, build } from '../helpers/build.js';
import { exchangeBody, makeLink, makePartner } from '../helpers/ledger-factory.js';

const LONG = `USDT${'X'.repeat(40)}TRC20`; // 49 characters: longer than /ref used to allow

t.test('currency codes › a code the rate table accepts is accepted by /ref and by exchange ingestion', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const direction = { from: LONG, to: 'BTC', in: '1', out: '0.00001', amount: '5' };
  const put = await app.inject({ method: 'PUT', url: '/admin/directions', headers: adminHeaders, payload: [direction] });
  t.equal(put.statusCode, 200, put.body);
  const partner = await makePartner(app.repos);
  await makeLink(app.repos, partner.id, 'LONGCODE');

  const ref = await app.inject({ method: 'GET', url: `/ref/LONGCODE?cur_from=${LONG}&cur_to=BTC` });
  t.equal(ref.headers.location, `https://exchanger.example/exchange/${LONG}/BTC/`, '/ref keeps the code');

  const exchange = await app.inject({
    method: 'POST', url: '/admin/exchanges', headers: adminHeaders,
    payload: exchangeBody({ cur_give: LONG, cur_get: 'BTC', ref_code: 'LONGCODE' }),
  });
  t.equal(exchange.statusCode, 201, exchange.body);
  t.equal(exchange.json().cur_give, LONG);
});

t.test('currency precision › one currency has one precision in feeds and in rewards', async (t) => {
  // A base whose reward has 8 decimals: the reward keeps as many as the feeds publish.
  const base = toUnits(decimal('1.23456789'));
  for (const code of ['ADA', 'BTC', 'USD', 'SBERRUB', 'USDTTRC20', 'WMZ']) {
    const reward = fromUnits(computeReward(base, decimal('100'), code));
    const decimals = reward.toFixed().split('.')[1]?.length ?? 0;
    t.equal(decimals, defaultPrecision(code), `${code}: ${reward.toFixed()}`);
  }
});
