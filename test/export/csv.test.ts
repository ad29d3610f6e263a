// CSV (RFC 4180) with formula-injection protection.
import t from 'tap';
import { csvField, toCsv } from '../../src/export/csv.js';

t.test('csv › quoting, and cells a spreadsheet would run are quoted and prefixed', async (t) => {
  t.equal(csvField('plain'), 'plain');
  t.equal(csvField('a,b'), '"a,b"');
  t.equal(csvField('say "hi"'), '"say ""hi"""');
  t.equal(csvField('two\nlines'), '"two\nlines"');
  for (const attack of ['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rx']) {
    t.match(csvField(attack), /^"'/, JSON.stringify(attack));
  }
  t.equal(csvField('=1,2'), `"'=1,2"`);
  t.equal(csvField('-12.5'), '-12.5', 'a negative amount stays a number');
  t.equal(csvField(null), '');
  t.equal(toCsv(['a', 'b'], [{ a: 1, b: '=x' }]), `a,b\r\n1,"'=x"\r\n`);
});
