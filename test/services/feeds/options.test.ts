import t from 'tap';
import { readFeedOptions, validateFeedOptions } from '../../../src/services/feeds/options.js';

t.test('feed options › normalised: codes upper-cased, duplicates dropped, only the keys given', async (t) => {
  t.same(validateFeedOptions({ include: ['btc', 'BTC', 'usdttrc20-cashusd'], aliases: { usdttrc20: 'USDTTRC' }, max_age: 120 }), {
    include: ['BTC', 'USDTTRC20-CASHUSD'], aliases: { USDTTRC20: 'USDTTRC' }, max_age: 120,
  });
  t.same(validateFeedOptions({}), {});
  t.same(readFeedOptions({}), { include: [], exclude: [], aliases: {}, maxAge: 600 });
});

t.test('feed options › each bad value is refused with the option named', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [[], /Invalid options: expected an object/],
    [{ includes: ['BTC'] }, /Invalid options\.includes: unknown option/],
    [{ include: 'BTC' }, /Invalid options\.include: expected a list/],
    [{ exclude: ['BTC', 'B<T>C'] }, /Invalid options\.exclude\[1\]: expected a currency code/],
    [{ exclude: ['BTC-'] }, /Invalid options\.exclude\[0\]/],
    [{ include: [42] }, /Invalid options\.include\[0\]/],
    [{ aliases: ['x'] }, /Invalid options\.aliases: expected an object/],
    [{ aliases: { BTC: 'X"Y' } }, /Invalid options\.aliases\.BTC: expected the monitor's code/],
    [{ aliases: { 'B T C': 'XBT' } }, /Invalid options\.aliases\.B T C: expected a currency code/],
    [{ aliases: { USDTTRC20: 'USDT', USDTERC20: 'USDT' } }, /Invalid options\.aliases\.USDTERC20: USDT is already the alias of USDTTRC20/],
    [{ max_age: 0 }, /Invalid options\.max_age: expected whole seconds/],
    [{ max_age: 1.5 }, /Invalid options\.max_age/],
    [{ max_age: '600' }, /Invalid options\.max_age/],
  ];
  for (const [options, message] of cases) {
    t.throws(() => validateFeedOptions(options), { statusCode: 400, message }, JSON.stringify(options));
  }
});
