import t from 'tap';
import { cleanText } from '../../../src/services/referral/clean-text.js';

t.test('plain text passes unchanged; missing is empty', async (t) => {
  t.equal(cleanText('https://bestchange.ru/?p=1', 100), 'https://bestchange.ru/?p=1');
  t.equal(cleanText(undefined, 100), '');
  t.equal(cleanText(['first', 'second'], 100), 'first');
});

t.test('over-long values are truncated, never rejected', async (t) => {
  t.equal(cleanText('x'.repeat(10_240), 1024), 'x'.repeat(1024));
});

t.test('control characters are removed', async (t) => {
  t.equal(cleanText('a\r\nSet-Cookie: b\u0000c\u007fd', 100), 'aSet-Cookie: bcd');
  t.equal(cleanText('€\u0085\u009b', 100), '€', 'C1 controls too');
});

t.test('header bytes are read as UTF-8, invalid bytes become U+FFFD', async (t) => {
  const latin1 = Buffer.from('https://пример.рф/', 'utf8').toString('latin1');
  t.equal(cleanText(latin1, 100), 'https://пример.рф/');
  t.equal(cleanText('\u00ff\u00fe', 100), '\ufffd\ufffd');
});

t.test('truncation never splits a surrogate pair', async (t) => {
  t.equal(cleanText('ab😀', 3), 'ab');
  t.equal(cleanText('a\ud800b', 10), 'ab', 'lone surrogates are dropped');
});
