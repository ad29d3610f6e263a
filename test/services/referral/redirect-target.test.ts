import t from 'tap';
import { readFileSync } from 'node:fs';
import { CURRENCY_CODE } from '../../../src/money/currency.js';
import { createRedirectBuilder, createTargetResolver, parseReferralQuery } from '../../../src/services/referral/redirect-target.js';

const config = { siteUrl: 'https://exchanger.example', directionUrl: '{site}/exchange/{from}/{to}/' };
const build = createRedirectBuilder(config);
const target = (raw: string, active = true) => build(parseReferralQuery(raw), active);

t.test('valid pair with an active direction › the direction page', async (t) => {
  t.equal(target('cur_from=PMUSD&cur_to=BTC'), 'https://exchanger.example/exchange/PMUSD/BTC/');
  t.equal(target('cur_from=pmusd&cur_to=btc'), 'https://exchanger.example/exchange/PMUSD/BTC/', 'codes are upper-cased');
});

t.test('valid pair without an active direction › home page pre-selecting both', async (t) => {
  t.equal(target('cur_from=PMUSD&cur_to=BTC', false), 'https://exchanger.example/?cur_from=PMUSD&cur_to=BTC');
});

t.test('one valid code › home page keeping only the valid one', async (t) => {
  t.equal(target('cur_from=../../evil&cur_to=BTC'), 'https://exchanger.example/?cur_to=BTC');
  t.equal(target('cur_from=PMUSD&cur_to=%0d%0aSet-Cookie:x=1'), 'https://exchanger.example/?cur_from=PMUSD');
  t.equal(target('cur_from=PMUSD'), 'https://exchanger.example/?cur_from=PMUSD');
  t.equal(target('cur_from=A&cur_to=' + 'B'.repeat(51)), 'https://exchanger.example/', 'too short and too long codes dropped (the rate table allows 2-50)');
});

t.test('other parameters are passed on, hostile ones percent-encoded', async (t) => {
  t.equal(target('cur_from=PMUSD&cur_to=BTC&utm_source=bestchange&utm_medium=cpc'),
    'https://exchanger.example/exchange/PMUSD/BTC/?utm_source=bestchange&utm_medium=cpc');
  const hostile = target('utm_source=%0d%0aSet-Cookie:%20a=b&x=<script>');
  t.equal(hostile, 'https://exchanger.example/?utm_source=%0D%0ASet-Cookie%3A+a%3Db&x=%3Cscript%3E');
  t.notMatch(hostile, /[\r\n<> ]/);
});

t.test('the first cur_from wins; later duplicates are neither used nor passed on', async (t) => {
  t.equal(target('cur_from=BTC&cur_from=ETH&cur_to=USDT'), 'https://exchanger.example/exchange/BTC/USDT/');
  t.equal(target('Cur_From=btc&Cur_To=eth'), 'https://exchanger.example/exchange/BTC/ETH/', 'parameter names are case-insensitive');
});

t.test('pass-on parameters are bounded so the Location header stays small', async (t) => {
  const long = target(`a=${'x'.repeat(5000)}&b=1`);
  t.equal(long, 'https://exchanger.example/?b=1');
  const many = target(Array.from({ length: 80 }, (_, i) => `p${i}=1`).join('&'));
  t.equal(new URL(many).searchParams.size, 50);
});

t.test('never leaves the site, whatever the template and input', async (t) => {
  const evil = createRedirectBuilder({ siteUrl: 'https://exchanger.example', directionUrl: '{site}@evil.example/{from}/{to}' });
  t.equal(evil(parseReferralQuery('cur_from=BTC&cur_to=ETH'), true), 'https://exchanger.example/?cur_from=BTC&cur_to=ETH');
  for (const raw of ['cur_from=//evil.example&cur_to=BTC', 'next=https://evil.example', 'cur_from=%2F%2Fevil.example']) {
    t.equal(new URL(target(raw)).origin, 'https://exchanger.example', raw);
  }
});

t.test('a template with its own query keeps it and appends the rest', async (t) => {
  const withQuery = createRedirectBuilder({ siteUrl: 'http://site.test:8080', directionUrl: '{site}/?from={from}&to={to}' });
  t.equal(withQuery(parseReferralQuery('cur_from=BTC&cur_to=ETH&utm_source=m'), true), 'http://site.test:8080/?from=BTC&to=ETH&utm_source=m');
});

t.test('the memoised resolver answers like the builder, for active and inactive directions', async (t) => {
  const resolve = createTargetResolver(config, { size: 2 });
  for (const raw of ['cur_from=BTC&cur_to=ETH', 'cur_from=BTC&cur_to=ETH', 'utm_source=x', 'a=1', `b=${'x'.repeat(300)}`, 'cur_from=BTC&cur_to=ETH']) {
    for (const active of [true, false, true]) t.equal(resolve(raw).location(active), target(raw, active), `${raw.slice(0, 30)} ${active}`);
  }
  t.same(resolve('cur_from=btc&cur_to=x').query, { curFrom: 'BTC', curTo: null, passOn: [], subs: {}, codeParams: {} });
});

t.test('sub-ids › sub1..sub5 and subid (= sub1) of 1-100 printable characters are kept, never passed on', async (t) => {
  const q = parseReferralQuery(`subid=alias&sub2=${encodeURIComponent('bad\u0000')}&SUB3=${'x'.repeat(101)}&sub4=%D0%BA%D0%BE%D0%B4 1&sub5=&sub6=x&sub2=ok&utm=1`);
  t.same(q.subs, { sub2: 'ok', sub4: 'код 1', sub1: 'alias' });
  t.same(q.passOn, [['sub6', 'x'], ['utm', '1']], 'neither valid nor invalid sub-ids reach the site');
  t.same(parseReferralQuery('sub1=first&subid=alias&sub1=second').subs, { sub1: 'first' }, 'sub1 wins over subid; the first valid one counts');
  t.equal(target('sub1=a&cur_from=BTC&cur_to=ETH'), 'https://exchanger.example/exchange/BTC/ETH/');
});

t.test('docs/referral-links.md states the currency code pattern /ref applies, and a 50-character code is kept', async (t) => {
  const doc = readFileSync(new URL('../../../docs/referral-links.md', import.meta.url), 'utf8');
  t.match(doc, `matches \`${CURRENCY_CODE.source}\` after upper-casing`);
  const long = 'A'.repeat(50);
  t.equal(target(`cur_from=${long}&cur_to=BTC`), `https://exchanger.example/exchange/${long}/BTC/`);
  t.equal(target(`cur_from=${long}A&cur_to=BTC`, false), 'https://exchanger.example/?cur_to=BTC', '51 characters: dropped');
});
