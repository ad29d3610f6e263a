import t from 'tap';
import fc from 'fast-check';
import { decimal, toUnits } from '../../../src/money/decimal.js';
import { computeReward, currencyPrecision, rewardPercentFor } from '../../../src/services/ledger/rewards.js';

const units = (text: string) => toUnits(decimal(text));

t.test('computeReward › base × percent / 100, rounded down to the currency precision', async (t) => {
  t.equal(computeReward(units('9.5'), decimal('0.33'), 'USD'), units('0.03'), '0.03135 → 0.03');
  t.equal(computeReward(units('0.99'), decimal('50'), 'USD'), units('0.49'), '0.495 → 0.49, never up');
  t.equal(computeReward(units('50'), decimal('0.5'), 'USD'), units('0.25'), 'docs/research/partner-programs.md §1.2: 50 USD at 0.5% pays $0.25');
  t.equal(computeReward(units('1.5'), decimal('50'), 'USD'), units('0.75'), '§1.2: profit $1.50 at 50% pays $0.75');
  t.equal(computeReward(units('1.99'), decimal('0.5'), 'USD'), 0, 'under one cent is not credited');
  t.equal(computeReward(units('0.00123457'), decimal('0.33'), 'BTC'), units('0.00000407'));
  t.equal(computeReward(units('90000000'), decimal('100'), 'USD'), units('90000000'), 'the largest base stays exact');
  t.equal(computeReward(units('100'), decimal('0'), 'USD'), 0);
  // A percent may have 30 decimals: the division by 100 must not round the exact product up
  // across a cent (3 × 33.33…3 % = 0.99999…99, 32 decimals, is 0.99, not 1.00).
  t.equal(computeReward(units('3'), decimal('33.333333333333333333333333333333'), 'USD'), units('0.99'));
  t.equal(computeReward(units('0.00000001'), decimal('99.999999999999999999999999999999'), 'BTC'), 0);
});

t.test('currencyPrecision › fiat 2, crypto 8', async (t) => {
  t.equal(currencyPrecision('USD'), 2);
  t.equal(currencyPrecision('EUR'), 2);
  t.equal(currencyPrecision('RUB'), 2);
  t.equal(currencyPrecision('BTC'), 8);
  t.equal(currencyPrecision('usdt'), 8);
});

t.test('currencyPrecision › a ledger in yen or dinars pays in their minor units, not cents', async (t) => {
  t.equal(currencyPrecision('JPY'), 0);
  t.equal(currencyPrecision('KRW'), 0);
  t.equal(currencyPrecision('CARDJPY'), 0, 'a monitor-style code ending in the ISO code');
  t.equal(currencyPrecision('KWD'), 3);
  t.equal(currencyPrecision('BHD'), 3, 'not a feed fiat suffix, still the ISO minor unit for the ledger');
  t.equal(currencyPrecision('TOMR'), 8, 'a ticker ending in OMR that is not fiat stays crypto');
  t.equal(computeReward(units('1000'), decimal('0.157'), 'JPY'), units('1'), '1.57 yen credits 1 yen, not 1.57');
  t.equal(computeReward(units('100'), decimal('1.2345'), 'KWD'), units('1.234'), '1.2345 KWD credits 1.234');
});

t.test('rewardPercentFor › the highest level reached by the turnover, else the flat percent', async (t) => {
  const partner = {
    rewardPercent: '1',
    rewardLevels: JSON.stringify([{ turnover: '50000', percent: '35' }, { turnover: '1000', percent: '32' }, { turnover: '250000', percent: '40' }]),
  };
  t.equal(rewardPercentFor(partner, units('0')).toFixed(), '1', 'below every threshold: reward_percent');
  t.equal(rewardPercentFor(partner, units('999.99')).toFixed(), '1');
  t.equal(rewardPercentFor(partner, units('1000')).toFixed(), '32', 'a threshold is reached when equal');
  t.equal(rewardPercentFor(partner, units('249999.99')).toFixed(), '35');
  t.equal(rewardPercentFor(partner, units('250000')).toFixed(), '40');
  t.equal(rewardPercentFor({ rewardPercent: '0.7', rewardLevels: null }, units('1e6')).toFixed(), '0.7');
});

t.test('computeReward › equals integer arithmetic for any base and percent (property)', async (t) => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 9_000_000_000_000_000 }),
    fc.integer({ min: 0, max: 10_000 }),
    (baseUnits, hundredthsOfPercent) => {
      const percent = decimal(hundredthsOfPercent).div(100);
      // reward units = floor(base × p / 10000 / 10^6) × 10^6: cents are 10^6 ledger units.
      const model = (BigInt(baseUnits) * BigInt(hundredthsOfPercent) / 10_000n / 1_000_000n) * 1_000_000n;
      return BigInt(computeReward(baseUnits, percent, 'USD')) === model;
    },
  ), { numRuns: 2000 });
  t.pass('2000 random cases agree');
});
