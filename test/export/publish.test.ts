import fc from 'fast-check';
import t from 'tap';
import { divideRounded, readStoredDecimal } from '../../src/export/exact.js';
import { defaultPrecision, precisionLookup } from '../../src/export/precision.js';
import { normaliseRate, publishRate } from '../../src/export/publish.js';
import { renderXml } from '../../src/export/xml.js';
import { decimal } from '../../src/money/decimal.js';
import { normaliseDirection } from '../../src/services/direction-input.js';
import { rateRow } from '../helpers/feeds.js';

const defaults = precisionLookup(new Map());
const publish = (fields: Parameters<typeof rateRow>[0], precision: Record<string, number> = {}) =>
  publishRate(rateRow(fields), precisionLookup(new Map(Object.entries(precision))));
const stored = (input: Record<string, unknown>) => normaliseDirection(input, (f) => f);

t.test('numbers › 1e-7 given as a JSON number is published as 0.0000001, never in exponent notation', async (t) => {
  const row = stored({ from: 'BTC', to: 'ETH', in: 1, out: 30, amount: 1e-7 + 5, minamount: 1e-7, maxamount: 2 });
  t.equal(row.minamount, '0.0000001');
  const rate = publishRate(rateRow(row), defaults)!;
  t.equal(rate.min, '0.0000001');
  t.match(renderXml([rate], 'classic'), /<minamount>0\.0000001<\/minamount>/);
  t.notMatch(renderXml([rate], 'classic'), /e-/);
});

t.test('numbers › 123456789.123456789 is exact as a string and rounded against the client per currency', async (t) => {
  // BTC → ETH: both crypto (8 decimals); the client receives `out`: rounded down.
  t.equal(publish({ from: 'BTC', to: 'ETH', in: '1', out: '123456789.123456789', amount: '1000000000', minamount: '0', maxamount: '0' })!.out, '123456789.12345678');
  // ETH → BTC: the client gives `in` for 1 BTC: rounded up.
  t.equal(publish({ from: 'ETH', to: 'BTC', in: '123456789.123456789', out: '1', amount: '10', minamount: '0', maxamount: '0' })!.in, '123456789.12345679');
  // Fiat sides: 2 decimals, same directions.
  t.equal(publish({ from: 'BTC', to: 'SBERRUB', in: '1', out: '123456789.123456789', amount: '1000000000', minamount: '0', maxamount: '0' })!.out, '123456789.12');
  t.equal(publish({ from: 'SBERRUB', to: 'BTC', in: '123456789.123456789', out: '1', amount: '10', minamount: '0', maxamount: '0' })!.in, '123456789.13');
});

t.test('numbers › the cheaper side is 1 and the other rounded in the exchanger\'s favour', async (t) => {
  // 1 USDT → 0.994 USDT: the client must give 1/0.994 = 1.006036217… for 1: rounded up.
  const r = publish({ from: 'USDTERC20', to: 'USDTTRC20', in: '1', out: '0.994', amount: '1000', minamount: '0', maxamount: '0' })!;
  t.equal(r.in, '1.00603622');
  t.equal(r.out, '1');
  // 2 BTC for 3 ETH → 1 BTC gives 1.5 ETH: in becomes 1.
  const scaled = publish({ from: 'BTC', to: 'ETH', in: '2', out: '3', amount: '1000', minamount: '0', maxamount: '0' })!;
  t.same([scaled.in, scaled.out], ['1', '1.5']);
  // Exactly 1:1 stays 1:1; trailing zeros are trimmed.
  const even = publish({ from: 'PMUSD', to: 'ADVCUSD', in: '1.000', out: '1.0', amount: '500.50', minamount: '10.00', maxamount: '0' })!;
  t.same([even.in, even.out, even.amount, even.min], ['1', '1', '500.5', '10']);
});

t.test('numbers › any rate: one side is 1, plain digits only, and the client never gets a better rate', async (t) => {
  const amount = fc.tuple(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 8 - 1 }), fc.integer({ min: 0, max: 8 }))
    .map(([int, frac, shift]) => decimal(`${int}.${String(frac).padStart(8, '0')}`).div(decimal(10).pow(shift)).toFixed());
  fc.assert(fc.property(amount, amount, fc.constantFrom('BTC', 'SBERRUB'), fc.constantFrom('ETH', 'CASHUSD'), (rawIn, rawOut, from, to) => {
    const r = publish({ from, to, in: rawIn, out: rawOut, amount: '1000000000000', minamount: '0', maxamount: '0', city: ['MSK'] });
    if (!r) return true;
    const plain = /^\d+(\.\d+)?$/;
    if (![r.in, r.out, r.amount, r.min, r.max, r.tomin, r.tomax].every((v) => plain.test(v))) return false;
    if (r.in !== '1' && r.out !== '1') return false;
    return decimal(r.out).div(r.in).lte(decimal(rawOut).div(rawIn));
  }), { numRuns: 500 });
  t.pass('property holds');
});

t.test('numbers › reserve rounds down, minimum up, fixed fees up, percent fees as given', async (t) => {
  const r = publish({ from: 'SBERRUB', to: 'USDTTRC20', in: '82.45', out: '1', amount: '125000.123456789', minamount: '5000.001', maxamount: '1500000', fromfee: '10.001', tofee: '0.5%', minfee: '1.234' })!;
  t.equal(r.amount, '125000.12345678');
  t.equal(r.min, '5000.01');
  t.same(r.fromfee, { kind: 'fixed', value: '10.01' });
  t.same(r.tofee, { kind: 'percent', value: '0.5' });
  t.equal(r.minfee, '1.24');
});

t.test('numbers › the maximum never exceeds what the reserve pays; 0 means "up to the reserve"', async (t) => {
  // 4850000 RUB of reserve at 6125430.5 RUB per BTC covers 0.791781… BTC.
  t.equal(publish({ maxamount: '5' })!.max, '0.79178108');
  t.equal(publish({ maxamount: '0' })!.max, '0.79178108');
  t.equal(publish({ maxamount: '0.75' })!.max, '0.75');
  const r = publish({ from: 'USDTTRC20', to: 'CASHUSD', in: '1.015', out: '1', amount: '250000', minamount: '500', maxamount: '100000', city: ['MSK'] })!;
  t.same([r.tomin, r.tomax], ['492.61', '98522.16'], 'to-side limits are what the client receives, rounded down');
});

t.test('numbers › a currency precision set by the operator replaces the default', async (t) => {
  const row = { from: 'CASHUSD', to: 'USDTTRC20', in: '1.01523', out: '1', amount: '1000', minamount: '0', maxamount: '0', city: ['MSK'] };
  t.equal(publish(row)!.in, '1.02');
  t.equal(publish(row, { CASHUSD: 4 })!.in, '1.0153');
  t.equal(publish({ from: 'BTC', to: 'SBERRUB', out: '6125430.5' }, { SBERRUB: 0 })!.out, '6125430');
});

t.test('precision › crypto 8 decimals, fiat 2, by the code\'s ISO suffix or e-money name', async (t) => {
  t.same(['BTC', 'USDTTRC20', 'ETH', 'TUSD', 'PMBTC', 'WMX'].map(defaultPrecision), [8, 8, 8, 8, 8, 8]);
  t.same(['SBERRUB', 'CASHUSD', 'PMUSD', 'CARDUAH', 'WMZ', 'KSPBKZT', 'SEPAEUR'].map(defaultPrecision), [2, 2, 2, 2, 2, 2, 2]);
});

t.test('normaliseRate › keeps exact values when they fit the precision', async (t) => {
  const r = normaliseRate(decimal('104250'), decimal('1'), 2, 8);
  t.same([r.in.toFixed(), r.out.toFixed()], ['104250', '1']);
});

t.test('divideRounded › exactly the floor or ceiling of a ÷ b at dp decimals', async (t) => {
  const text = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
    .map(([digits, scale]) => decimal(digits.toString()).div(decimal(10).pow(scale)).toFixed());
  fc.assert(fc.property(text, text, fc.integer({ min: 0, max: 12 }), fc.constantFrom('down', 'up') as fc.Arbitrary<'down' | 'up'>, (a, b, dp, rounding) => {
    const fast = divideRounded(readStoredDecimal(a)!, readStoredDecimal(b)!, dp, rounding);
    return fast.eq(decimal(exactQuotient(a, b, dp, rounding)));
  }), { numRuns: 1000 });
  t.equal(divideRounded(readStoredDecimal('1')!, readStoredDecimal('3')!, 2, 'up').toFixed(), '0.34');
  t.equal(divideRounded(readStoredDecimal('2')!, readStoredDecimal('3')!, 2, 'down').toFixed(), '0.66');
  t.equal(divideRounded(readStoredDecimal('0.00000000001')!, readStoredDecimal('20000000000000000001')!, 0, 'up').toFixed(), '1');
});

/** The reference: integer arithmetic on the decimal digits. */
function exactQuotient(a: string, b: string, dp: number, rounding: 'down' | 'up'): string {
  const parse = (s: string) => {
    const [int, frac = ''] = s.split('.');
    return { n: BigInt(int + frac), scale: frac.length };
  };
  const x = parse(a);
  const y = parse(b);
  const numerator = x.n * 10n ** BigInt(dp + y.scale);
  const denominator = y.n * 10n ** BigInt(x.scale);
  let q = numerator / denominator;
  if (rounding === 'up' && q * denominator !== numerator) q += 1n;
  const digits = q.toString().padStart(dp + 1, '0');
  return dp === 0 ? digits : `${digits.slice(0, -dp)}.${digits.slice(-dp)}`;
}
