import t from 'tap';
import { decimal, decimalTextToJsonNumber, formatDecimal, formatUnits, fromUnits, parseDecimal, percentOf, sum, toJsonNumber, toUnits, unitsToJsonNumber, ZERO } from '../../src/money/decimal.js';

t.test('adding 0.1 one thousand times gives exactly 100', async (t) => {
  let total = ZERO;
  for (let i = 0; i < 1000; i++) total = total.plus(parseDecimal(0.1)!);
  t.equal(formatDecimal(total), '100');
  t.ok(total.eq(100));
  // and through the ledger's integer units, as balances are stored
  let units = 0;
  for (let i = 0; i < 1000; i++) units += toUnits(parseDecimal('0.1')!);
  t.equal(formatDecimal(fromUnits(units)), '100');
});

t.test('parseDecimal › strings are exact, numbers by their shortest text, junk is null', async (t) => {
  t.equal(formatDecimal(parseDecimal('123456789.123456789')!), '123456789.123456789');
  t.equal(formatDecimal(parseDecimal(1e-7)!), '0.0000001');
  t.equal(formatDecimal(parseDecimal(0.30000000000000004)!), '0.30000000000000004');
  for (const junk of ['', '1e5', '1,5', ' ', 'NaN', '0x10', '--1', '1.', '.5', null, undefined, {}, Infinity, NaN]) {
    t.equal(parseDecimal(junk), null, `rejects ${String(junk)}`);
  }
});

t.test('formatDecimal › no exponent, trimmed zeros, rounding directions', async (t) => {
  t.equal(formatDecimal(decimal('1e-9')), '0.000000001');
  t.equal(formatDecimal(decimal('1e25')), '10000000000000000000000000');
  t.equal(formatDecimal(decimal('2.50000')), '2.5');
  t.equal(formatDecimal(decimal('-0.000')), '0');
  t.equal(formatDecimal(decimal('1.239'), 2, 'down'), '1.23');
  t.equal(formatDecimal(decimal('1.231'), 2, 'up'), '1.24');
  t.equal(formatDecimal(decimal('1.235'), 2, 'half-up'), '1.24');
});

t.test('ledger units › exact round trip; more than 8 decimals is refused', async (t) => {
  t.equal(toUnits(decimal('12.34567891')), 1234567891);
  t.equal(formatDecimal(fromUnits(1234567891)), '12.34567891');
  t.throws(() => toUnits(decimal('0.000000001')));
  t.equal(toJsonNumber(decimal('241.57')), 241.57);
  t.equal(formatDecimal(sum([decimal('0.1'), decimal('0.2')])), '0.3');
});

t.test('formatUnits › the same text as big.js through fromUnits, without big.js', async (t) => {
  const cases = [0, 1, -1, 99_999_999, 100_000_000, -100_000_001, 1234567891, 2n ** 63n - 1n, -(2n ** 63n), 10n ** 30n + 5n];
  for (const units of cases) t.equal(formatUnits(units), formatDecimal(fromUnits(units)), String(units));
  t.equal(formatUnits(150_000_000n), '1.5');
  t.equal(formatUnits(-1), '-0.00000001');
  t.equal(formatUnits(0n), '0');
});

t.test('percentOf › half-up to two decimals, as big.js rounds it', async (t) => {
  const bigjs = (part: number, whole: number) => decimal(part).times(100).div(whole).round(2).toFixed(2);
  t.equal(percentOf(1, 8), '12.50');
  t.equal(percentOf(1, 800), '0.13'); // 0.125 rounds up
  t.equal(percentOf(1, 3), '33.33');
  t.equal(percentOf(2, 3), '66.67');
  t.equal(percentOf(0, 7), '0.00');
  t.equal(percentOf(5, 4), '125.00');
  t.equal(percentOf(6_666_667, 10_000_000), '66.67');
  for (let whole = 1; whole < 400; whole += 7) for (let part = 0; part <= whole + 3; part += 3) t.equal(percentOf(part, whole), bigjs(part, whole), `${part}/${whole}`);
});

t.test('JSON numbers without big.js › the same doubles as toJsonNumber through decimal() and fromUnits()', async (t) => {
  const texts = ['0', '-0', '1', '0.1', '1.50', '73.456123', '0.00000001', '-12.5', '89999999.99999999', '123456789012345678901234567890.123456789012345678901234567890', '1e5', '.5'];
  for (let i = 0; i < 20_000; i++) {
    const digits = String(Math.floor(Math.random() * 1e15)).padStart(15, '0');
    const point = Math.floor(Math.random() * 15) + 1;
    texts.push(`${i % 2 ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`);
  }
  let mismatches = 0;
  for (const text of texts) if (!Object.is(decimalTextToJsonNumber(text), toJsonNumber(decimal(text)))) mismatches++;
  const units = [0, 1, -1, 5, 99_999_999, 100_000_000, 123_456_789, 9_000_000_000_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
  for (let i = 0; i < 20_000; i++) units.push(Math.floor(Math.random() * 9e15) * (i % 3 ? 1 : -1), Math.floor(Math.random() * 1e6));
  for (const n of units) if (!Object.is(unitsToJsonNumber(n), toJsonNumber(fromUnits(n)))) mismatches++;
  t.equal(mismatches, 0);
});
