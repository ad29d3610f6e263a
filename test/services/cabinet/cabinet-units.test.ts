import t from 'tap';
import { safeNext } from '../../../src/routes/partner-cabinet/context.js';
import { html } from '../../../src/routes/partner-cabinet/html.js';
import { pickLang, translator } from '../../../src/messages/index.js';
import { toCsv } from '../../../src/services/cabinet/csv.js';
import { choosePeriod } from '../../../src/services/cabinet/period.js';
import { dailyChartSvg } from '../../../src/routes/partner-cabinet/views/chart.js';

t.test('html › escapes every interpolated value, nested Html stays as built', async (t) => {
  const name = `<script>alert('x')</script> "q" & \u202e`;
  t.equal(html`<p title="${name}">${name}</p>`.text, '<p title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;q&quot; &amp; \u202e">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;q&quot; &amp; \u202e</p>');
  t.equal(html`<ul>${['<a>', html`<b>${'<c>'}</b>`]}</ul>`.text, '<ul>&lt;a&gt;<b>&lt;c&gt;</b></ul>');
});

t.test('safeNext › only cabinet paths', async (t) => {
  for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/partner/', '/partner/../admin', '/partner\\..\\x', '/partner/%0d%0aSet-Cookie:x', '/partner/login?next=//evil', 'javascript:alert(1)', '/partnerx/']) {
    t.not(safeNext(bad).includes('evil'), true, bad);
    t.match(safeNext(bad), /^\/partner\//, bad);
  }
  t.equal(safeNext('/partner/payouts?x=1#f'), '/partner/payouts?x=1');
  t.equal(safeNext('/partner/login', { allowLogin: true }), '/partner/login');
});

// The message files' placeholders and plural forms: test/messages/message-files.test.ts.
t.test('languages › Accept-Language with weights; amounts formatted for the language', async (t) => {
  t.equal(pickLang(undefined, 'ru-RU,ru;q=0.9,en-US;q=0.8'), 'ru');
  t.equal(pickLang(undefined, 'de-DE,en;q=0.5,ru;q=0.7'), 'ru');
  t.equal(pickLang(undefined, 'de, fr'), 'en');
  t.equal(pickLang('en', 'ru'), 'en', 'the remembered choice wins');
  t.equal(pickLang('xx', 'ru;q=0'), 'en');
  t.equal(translator('ru', 'UTC').money('1234567.12345678'), '1\u00a0234\u00a0567,12345678');
  t.equal(translator('en', 'UTC').money('90000000.00000001'), '90,000,000.00000001', 'exact past 2^53');
});

t.test('csv › quotes, CRLF, BOM, formula cells quoted and defused as in the REST API, negative numbers kept', async (t) => {
  t.equal(toCsv(['a', 'b'], [['=1+1', '-5'], ['x,"y"', null], ['@SUM(A1)', -2.5]]), '\uFEFFa,b\r\n"\'=1+1",-5\r\n"x,""y""",\r\n"\'@SUM(A1)",-2.5\r\n');
});

t.test('periods › presets in whole local days; custom dates checked', async (t) => {
  const now = Date.parse('2026-03-29T12:00:00Z') / 1000;
  const week = choosePeriod({ period: '7d' }, now, 'Europe/Moscow')!;
  t.equal(week.fromDay, '2026-03-23');
  t.equal(week.from, Date.parse('2026-03-22T21:00:00Z') / 1000);
  t.equal(week.to, now);
  t.equal(choosePeriod({ period: 'today' }, now, 'UTC')!.from, Date.parse('2026-03-29T00:00:00Z') / 1000);
  const custom = choosePeriod({ period: 'custom', from: '2026-01-01', to: '2026-01-31' }, now, 'UTC')!;
  t.same([custom.from, custom.to], [Date.parse('2026-01-01T00:00:00Z') / 1000, Date.parse('2026-02-01T00:00:00Z') / 1000 - 1]);
  for (const [from, to] of [['2026-02-30', '2026-03-01'], ['2026-03-02', '2026-03-01'], ['2020-01-01', '2026-01-01'], ['x', 'y'], [undefined, '2026-01-01']]) {
    t.equal(choosePeriod({ period: 'custom', from, to }, now, 'UTC'), null, `${from}..${to}`);
  }
  t.equal(choosePeriod({ period: 'bogus' }, now, 'UTC')!.kind, '30d');
});

t.test('chart › one bar per day with data, escaped labels, no script', async (t) => {
  const day = (d: string, clicks: number) => ({ day: d, clicks, exchanges: 0, successful: 0, earned: '0', conversion: '0.00' });
  const svg = dailyChartSvg([day('2026-01-01', 3), day('2026-01-02', 0), day('2026-01-03', 1)], {
    title: '<Title>', clicks: 'Clicks', exchanges: 'Exchanges', earned: 'Earned', count: String, money: (a) => a,
  });
  t.equal(svg.match(/class="bar-clicks"/g)?.length, 2);
  t.match(svg, /aria-label="&lt;Title&gt;"/);
  t.notMatch(svg, /<script/);
});
