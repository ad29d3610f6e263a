import fc from 'fast-check';
import t from 'tap';
import BigJs from 'big.js';
import { compare, divideRounded, format, readStoredDecimal, roundTo, times } from '../../src/export/exact.js';
import { defaultPrecision, precisionLookup } from '../../src/money/currency.js';
import { normaliseRate, publishRate } from '../../src/export/publish.js';
import { renderXml } from '../../src/export/xml.js';
import { decimal } from '../../src/money/decimal.js';
import { normaliseDirection } from '../../src/services/rates/direction-input.js';
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

t.test('numbers › a delay of 0 minutes is no deferred exchange: no <delay> element, as Premium', async (t) => {
  const none = publish({ delay: 0 })!;
  t.equal(none.delay, undefined);
  t.notMatch(renderXml([none], 'classic'), '<delay>');
  t.notMatch(renderXml([none], 'eref11'), '<delay>');
  t.match(renderXml([publish({ delay: 60 })!], 'classic'), '<delay>60</delay>\n');
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
  const r = normaliseRate(readStoredDecimal('104250')!, readStoredDecimal('1')!, 2, 8);
  t.same([format(r.in), format(r.out)], ['104250', '1']);
});

// The reference for src/export/exact.ts is big.js, an independent implementation.
const BigRef = BigJs();
BigRef.NE = -1_000_000;
BigRef.PE = 1_000_000;
const REF_MODES = { down: BigRef.roundDown, up: BigRef.roundUp, 'half-up': BigRef.roundHalfUp } as const;
const decimalText = (min: bigint) => fc.tuple(fc.bigInt({ min, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
  .map(([digits, scale]) => {
    const text = digits.toString().padStart(scale + 1, '0');
    return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`.replace(/\.?0+$/, '');
  });
const roundings = fc.constantFrom('down', 'up', 'half-up') as fc.Arbitrary<'down' | 'up' | 'half-up'>;
const exact = (text: string) => readStoredDecimal(text)!;

t.test('exact › divideRounded: the quotient at dp decimals, rounded as big.js rounds it', async (t) => {
  fc.assert(fc.property(decimalText(1n), decimalText(1n), fc.integer({ min: 0, max: 12 }), roundings, (a, b, dp, rounding) => {
    BigRef.DP = dp;
    BigRef.RM = REF_MODES[rounding];
    return format(divideRounded(exact(a), exact(b), dp, rounding)) === new BigRef(a).div(b).toFixed();
  }), { numRuns: 2000 });
  t.equal(format(divideRounded(exact('1'), exact('3'), 2, 'up')), '0.34');
  t.equal(format(divideRounded(exact('2'), exact('3'), 2, 'down')), '0.66');
  t.equal(format(divideRounded(exact('0.00000000001'), exact('20000000000000000001'), 0, 'up')), '1');
});

t.test('exact › roundTo, times, compare and format agree with big.js, negative values included', async (t) => {
  const signed = fc.tuple(decimalText(0n), fc.boolean()).map(([text, negative]) => (negative && text !== '0' ? `-${text}` : text));
  fc.assert(fc.property(signed, signed, fc.integer({ min: 0, max: 12 }), roundings, (a, b, dp, rounding) => {
    const [x, y] = [new BigRef(a), new BigRef(b)];
    return format(exact(a)) === x.toFixed()
      && format(roundTo(exact(a), dp, rounding)) === x.round(dp, REF_MODES[rounding]).toFixed()
      && format(times(exact(a), exact(b))) === x.times(y).toFixed()
      && compare(exact(a), exact(b)) === x.cmp(y);
  }), { numRuns: 2000 });
  t.same(['0.10', '-0.0', '120.500', '7'].map((text) => format(exact(text))), ['0.1', '0', '120.5', '7']);
  t.equal(format(roundTo(exact('-2.5'), 0, 'half-up')), '-3', 'half-up rounds ties away from zero');
  t.equal(readStoredDecimal('1e-7'), null, 'exponent notation is not a stored decimal');
});
