// The cabinet's promotion links: the Partnership program's table with each link's numbers,
// creating and editing a link (CSRF, errors next to fields in the page's language, escaping),
// a link's page with its numbers per day, and another partner's code answering 404.
import t from 'tap';
import type { Test } from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { Browser, partnerWithAccount } from '../../helpers/cabinet.js';
import { exchangeBody } from '../../helpers/ledger-factory.js';
import { CHROME_UA } from '../../helpers/referral.js';
import { createPromotionLink } from '../../../src/services/promotion-links/links.js';

const SITE = 'https://exchanger.example';
const now = () => Math.floor(Date.now() / 1000);
const direction = (from: string, to: string) => ({ from, to, in: '1', out: '1', amount: '100', minamount: '0', maxamount: '0', minfee: null, fromfee: null, tofee: null, floating: null, delay: null, param: [], city: [], active: true });
const NASTY = '<script>alert("x")</script> \u05e9\u05dc\u05d5\u05dd 🚀 \'q\'';
const NASTY_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; \u05e9\u05dc\u05d5\u05dd 🚀 &#39;q&#39;';

async function signedIn(t: Test) {
  const app = await build(t, { siteUrl: SITE });
  await app.repos.directions.upsertMany([direction('PMUSD', 'BTC'), direction('BTC', 'QIWIRUB')], now());
  const me = await partnerWithAccount(app, { name: 'Me' });
  const other = await partnerWithAccount(app, { name: 'Other' });
  const b = new Browser(app);
  await b.signIn(me.email, me.password);
  return { app, me, other, b };
}

const form = (fields: Record<string, string> = {}) => ({ name: 'Forum', code: '', type: 'client', target: 'home', direction: '', path: '', visibility: 'listed', ...fields });

t.test('create › the form, then 303 to the link\'s page; a generated code, a direction, a page of the site, an agent link', async (t) => {
  const { app, me, b } = await signedIn(t);
  const page = await b.get('/partner/links/new');
  t.equal(page.statusCode, 200);
  for (const id of ['f-name', 'f-code', 'f-path', 'f-direction', 'f-visibility']) t.match(page.body, new RegExp(`<label for="${id}">`), `${id} is labelled`);
  t.match(page.body, /<legend>Type<\/legend>/);
  t.match(page.body, /<option value="PMUSD&gt;BTC">PMUSD → BTC<\/option>/, 'directions from the active ones');
  t.match(page.body, /name="_csrf"/);

  const created = await b.post('/partner/links', form({ name: 'Forum, spring' }));
  t.equal(created.statusCode, 303);
  const code = /^\/partner\/links\/([A-Za-z0-9_-]+)\?m=created$/.exec(created.headers.location as string)?.[1];
  t.ok(code, `redirected to the new link (${created.headers.location})`);
  const shown = await b.get(created.headers.location as string);
  t.equal(shown.statusCode, 200);
  t.match(shown.body, /role="status">The link is created\./);
  t.match(shown.body, new RegExp(`${SITE}/ref/${code}/`));
  t.match(shown.body, /data-copy-target="link-url"/);

  t.equal((await b.post('/partner/links', form({ name: 'Direction', code: 'MyDirection', target: 'direction', direction: 'PMUSD>BTC' }))).statusCode, 303);
  t.equal((await b.post('/partner/links', form({ name: 'Promo page', code: 'PromoPage', target: 'path', path: `${SITE}/promo/spring/?a=1` }))).statusCode, 303);
  t.equal((await b.post('/partner/links', form({ name: 'Recruits', code: 'MyAgents', type: 'agent', visibility: 'hidden' }))).statusCode, 303);
  const rows = await app.repos.links.listByPartner(me.id);
  const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
  t.match(byCode.MyDirection, { partnerId: me.id, name: 'Direction', targetKind: 'direction', targetFrom: 'PMUSD', targetTo: 'BTC', linkType: 'client', visibility: 'listed' });
  t.match(byCode.PromoPage, { targetKind: 'path', target: '/promo/spring/?a=1' });
  t.match(byCode.MyAgents, { linkType: 'agent', visibility: 'hidden', targetKind: 'home' });
  const follow = await app.inject({ url: '/ref/PromoPage/', headers: { 'user-agent': CHROME_UA } });
  t.equal(follow.headers.location, `${SITE}/promo/spring/?a=1`, '/ref/ follows the page chosen in the cabinet');
  t.equal((await app.inject({ url: '/ref/MyAgents/', headers: { 'user-agent': CHROME_UA } })).headers.location, `${SITE}/partner/signup/?ref=MyAgents`);
});

t.test('create › errors next to their fields, in English and Russian; nothing stored', async (t) => {
  const { app, me, b } = await signedIn(t);
  const before = (await app.repos.links.listByPartner(me.id)).length;
  const cases: Array<[Record<string, string>, number, string, RegExp]> = [
    [{ name: '  ' }, 400, 'name', /Fill in this field/],
    [{ name: 'a\u0000b' }, 400, 'name', /Enter 1–200 printable characters/],
    [{ code: 'ab' }, 400, 'code', /Use 3–64 of/],
    [{ code: 'bad code' }, 400, 'code', /Use 3–64 of/],
    [{ type: 'boss' }, 400, 'type', /Choose one of the options/],
    [{ visibility: 'public' }, 400, 'visibility', /Choose one of the options/],
    [{ target: 'direction', direction: 'BTC>PMUSD' }, 400, 'direction', /Choose a direction from the list/],
    [{ target: 'path', path: '' }, 400, 'path', /Enter a path of the site/],
    [{ target: 'path', path: 'https://evil.com/' }, 422, 'path', /Only pages of https:\/\/exchanger\.example are allowed/],
    [{ target: 'path', path: '//evil.com' }, 422, 'path', /Only pages of https:\/\/exchanger\.example are allowed/],
    [{ target: 'path', path: '/\\evil.com' }, 422, 'path', /Only pages of/],
    [{ target: 'path', path: `https://exchanger.example@evil.com/` }, 422, 'path', /Only pages of/],
    [{ code: me.link!.code }, 409, 'code', /This code is taken/],
  ];
  for (const [fields, status, field, message] of cases) {
    const res = await b.post('/partner/links', form(fields));
    t.equal(res.statusCode, status, JSON.stringify(fields));
    t.match(res.body, new RegExp(`id="f-${field}-error">${message.source}`), `${JSON.stringify(fields)}: the error next to ${field}`);
    t.match(res.body, /role="alert"/);
  }
  t.equal((await app.repos.links.listByPartner(me.id)).length, before, 'nothing stored');
  const kept = await b.post('/partner/links', form({ name: NASTY, code: 'bad code' }));
  t.match(kept.body, new RegExp(`value="${NASTY_ESCAPED.replace(/[()]/g, '\\$&')}"`), 'the typed name comes back escaped');
  t.notMatch(kept.body, /<script>alert/);

  b.lang = 'ru-RU,ru;q=0.9';
  b.cookies.delete('ratelink_lang');
  const ru = await b.post('/partner/links', form({ name: '', target: 'path', path: 'https://evil.com/' }));
  t.equal(ru.statusCode, 400);
  t.match(ru.body, /id="f-name-error">Заполните это поле/);
  const ruOrigin = await b.post('/partner/links', form({ target: 'path', path: 'https://evil.com/' }));
  t.match(ruOrigin.body, /id="f-path-error">Разрешены только страницы https:\/\/exchanger\.example\./);
  const ruTaken = await b.post('/partner/links', form({ code: me.link!.code }));
  t.match(ruTaken.body, /id="f-code-error">Этот код занят/);
});

t.test('CSRF › creating or changing a link without the token is refused (403), nothing changes', async (t) => {
  const { app, me, b } = await signedIn(t);
  t.equal((await b.post('/partner/links', { ...form(), _csrf: '' })).statusCode, 403);
  t.equal((await b.post(`/partner/links/${me.link!.code}`, { ...form({ name: 'Changed' }), _csrf: 'forged' })).statusCode, 403);
  const rows = await app.repos.links.listByPartner(me.id);
  t.equal(rows.length, 1);
  t.equal(rows[0]!.name, null);
  const anon = await new Browser(app).post('/partner/links', form());
  t.ok([303, 403].includes(anon.statusCode), `anonymous: ${anon.statusCode}`);
});

t.test('edit › prefilled; name, target and visibility change; archived moves to the second table; code and type stay', async (t) => {
  const { app, b } = await signedIn(t);
  await b.post('/partner/links', form({ name: 'Old name', code: 'EditMe', target: 'direction', direction: 'BTC>QIWIRUB' }));
  const edit = await b.get('/partner/links/EditMe/edit');
  t.equal(edit.statusCode, 200);
  t.match(edit.body, /value="Old name"/);
  t.match(edit.body, /<option value="BTC&gt;QIWIRUB" selected>/);
  t.match(edit.body, /<code>EditMe<\/code>/);
  t.notMatch(edit.body, /id="f-code"/, 'the code cannot be changed');
  const saved = await b.post('/partner/links/EditMe', form({ name: NASTY, code: 'Ignored', type: 'agent', target: 'path', path: '/rates/', visibility: 'archived' }));
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, '/partner/links/EditMe?m=saved');
  t.match(await app.repos.links.findByCode('EditMe'), { name: NASTY, linkType: 'client', targetKind: 'path', target: '/rates/', visibility: 'archived' });
  t.equal(await app.repos.links.findByCode('Ignored'), null);
  const program = await b.get('/partner/program');
  t.match(program.body, /<table id="links-unlisted" class="links">[\s\S]*id="link-row-EditMe"/, 'archived: in the hidden and archived table');
  t.notMatch(program.body, /<script>alert/);
  t.ok(program.body.includes(NASTY_ESCAPED), 'the name escaped in the table');
  const page = await b.get('/partner/links/EditMe');
  t.notMatch(page.body, /<script>alert/);
  t.ok(page.body.includes(`<h1>Link ${NASTY_ESCAPED}</h1>`), 'the link page\'s title, escaped');
  const bad = await b.post('/partner/links/EditMe', form({ name: 'x', target: 'path', path: 'javascript:alert(1)' }));
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /id="f-path-error">Only pages of/);
});

t.test('edit › renaming keeps the target as the partner sent it (target_url, parameter type) when the target is not changed', async (t) => {
  const { app, me, b } = await signedIn(t);
  await createPromotionLink(app.repos, app.config, me.id, { code: 'FromApi', name: 'API', target_url: `${SITE}/promo/#top`, parameter_type: 'pid' }, now());
  await createPromotionLink(app.repos, app.config, me.id, { code: 'SiteHome', name: 'Seed', target_url: `${SITE}/`, parameter_type: 'uid' }, now());
  const shown = await b.get('/partner/links/FromApi/edit');
  t.match(shown.body, /id="f-path" name="path" type="text" value="\/promo\/"/, 'the form shows the page');
  t.equal((await b.post('/partner/links/FromApi', form({ name: 'Renamed', target: 'path', path: '/promo/' }))).statusCode, 303);
  t.match(await app.repos.links.findByCode('FromApi'), { name: 'Renamed', targetKind: 'path', target: '/promo/', targetUrl: `${SITE}/promo/#top`, parameterType: 'pid' });
  t.equal((await b.post('/partner/links/SiteHome', form({ name: 'Renamed too', target: 'home' }))).statusCode, 303);
  t.match(await app.repos.links.findByCode('SiteHome'), { name: 'Renamed too', targetKind: 'home', targetUrl: `${SITE}/` });
  t.equal((await b.post('/partner/links/FromApi', form({ name: 'Moved', target: 'path', path: '/rates/' }))).statusCode, 303);
  t.match(await app.repos.links.findByCode('FromApi'), { target: '/rates/', targetUrl: '/rates/' }, 'a changed target is stored as sent');
});

t.test('another partner\'s code › 404 on its page, form, change and CSV; nothing changes', async (t) => {
  const { app, other, b } = await signedIn(t);
  const code = other.link!.code;
  for (const path of [`/partner/links/${code}`, `/partner/links/${code}/edit`, `/partner/links/${code}/days.csv`, '/partner/links/NoSuchCode', '/partner/links/%3Cb%3E']) {
    const res = await b.get(path);
    t.equal(res.statusCode, 404, path);
    t.match(res.headers['content-type'], /text\/html/);
  }
  const post = await b.post(`/partner/links/${code}`, form({ name: 'Mine now' }));
  t.equal(post.statusCode, 404);
  t.equal((await app.repos.links.findByCode(code))!.name, null);
  const program = await b.get('/partner/program');
  t.notMatch(program.body, new RegExp(code));
});

t.test('numbers › /ref/CODE clicks appear on the program table and on the link\'s page per day, with the CSV', async (t) => {
  const { app, me, b } = await signedIn(t);
  await b.post('/partner/links', form({ name: 'Counted', code: 'CountMe' }));
  const visitors: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ url: '/ref/CountMe/', headers: { 'user-agent': CHROME_UA }, remoteAddress: `203.0.113.${i + 1}` });
    t.equal(res.statusCode, 302);
    visitors.push(res.cookies.find((c) => c.name === 'ratelink_uid')!.value);
  }
  await app.inject({ url: '/ref/CountMe/', headers: { 'user-agent': 'Googlebot/2.1' } });
  // The first visitor exchanges: 1 % of 123.45678901 = 1.2345678901, down to the cent: 1.23; conversion 1 of 3 clicks.
  const exchange = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'via-link', user_hash: visitors[0], reward_base_amount: '123.45678901' }) });
  t.equal(exchange.statusCode, 201);
  const program = await b.get('/partner/program?period=7d');
  t.equal(program.statusCode, 200);
  const row = /<tr id="link-row-CountMe">([\s\S]*?)<\/tr>/.exec(program.body)?.[1] ?? '';
  const numbers = [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
  t.equal((await app.repos.exchanges.findByExternalId('via-link'))!.reward, 123_000_000);
  t.same(numbers, ['3', '1', '1.23', '33.33%'],
    'three counted clicks (the bot left out), one exchange, its reward to the last digit, the conversion');
  const mainRow = /<tr id="link-row-([^"]+)">([\s\S]*?)<\/tr>/.exec(program.body);
  t.equal(mainRow?.[1], me.link!.code, 'oldest first');
  const page = await b.get('/partner/links/CountMe?period=7d');
  t.equal(page.statusCode, 200);
  t.match(page.body, /<svg[^>]+role="img"/);
  t.equal((page.body.match(/class="bar-clicks"/g) ?? []).length, 1, 'a bar for today');
  const today = new Date().toISOString().slice(0, 10);
  t.match(page.body, new RegExp(`<tr><th scope="row">${today}</th><td class="num">3</td><td class="num">1</td><td class="num">1</td><td class="num">33.33%</td><td class="num">1.23</td></tr>`));
  const csv = await b.get('/partner/links/CountMe/days.csv?period=7d');
  t.equal(csv.statusCode, 200);
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  t.equal(lines[0], 'day_utc,clicks,exchanges,successful,conversion_percent,earned_USD');
  t.ok(lines.includes(`${today},3,1,1,33.33,1.23`), 'today in the CSV');
  t.equal((await b.get('/partner/links/CountMe?period=custom&from=2026-02-30&to=2026-01-01')).statusCode, 400);
  t.equal((await b.get('/partner/program?period=custom&from=x&to=y')).statusCode, 400);
});
