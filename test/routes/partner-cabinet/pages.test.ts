import t from 'tap';
import type { Test } from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { Browser, partnerWithAccount } from '../../helpers/cabinet.js';
import { click, exchange, seed } from '../../helpers/partner-api.js';
import { adjustBalance } from '../../../src/services/ledger/entries.js';

const now = () => Math.floor(Date.now() / 1000);
const direction = (from: string, to: string) => ({ from, to, in: '1', out: '1', amount: '100', minamount: '0', maxamount: '0', minfee: null, fromfee: null, tofee: null, floating: null, delay: null, param: [], city: [], active: true });

async function signedIn(t: Test, overrides = {}) {
  const app = await build(t, overrides);
  const me = await partnerWithAccount(app, { name: 'Me' });
  const other = await partnerWithAccount(app, { name: 'Other' });
  const b = new Browser(app);
  await b.signIn(me.email, me.password);
  return { app, me, other, b };
}

t.test('every page › 200 signed in, 303 to sign in without a session', async (t) => {
  const { app, b } = await signedIn(t);
  for (const path of ['/partner/dashboard', '/partner/program', '/partner/api', '/partner/exchanges', '/partner/clicks', '/partner/payouts']) {
    const res = await b.get(path);
    t.equal(res.statusCode, 200, path);
    t.match(res.body, /aria-current="page"/, `${path} marks itself in the navigation`);
    const anon = await new Browser(app).get(path);
    t.equal(anon.statusCode, 303, `${path} anonymous`);
    t.equal(anon.headers.location, `/partner/login?next=${encodeURIComponent(path)}`);
  }
  for (const path of ['/partner/dashboard.csv', '/partner/exchanges.csv', '/partner/clicks.csv']) {
    t.equal((await new Browser(app).get(path)).statusCode, 303, `${path} anonymous`);
    const csv = await b.get(path);
    t.equal(csv.statusCode, 200);
    t.match(csv.headers['content-type'], /text\/csv/);
  }
  const unknown = await b.get('/partner/nothing-here');
  t.equal(unknown.statusCode, 404);
  t.match(unknown.headers['content-type'], /text\/html/);
});

t.test('a malformed or over-long URL › the cabinet\'s own "Not found" page in the partner\'s language, not JSON', async (t) => {
  const { b } = await signedIn(t);
  b.lang = 'ru';
  for (const path of ['/partner/links/%E0%A4%A', `/partner/links/${'a'.repeat(300)}`]) {
    const res = await b.get(path);
    t.equal(res.statusCode, 404, path.slice(0, 30));
    t.match(res.headers['content-type'], /text\/html/);
    t.match(res.body, /<h1[^>]*>Не найдено/);
    t.notMatch(res.body, /%E0|aaaa/, 'the URL is not echoed');
    t.equal(res.headers['cache-control'], 'no-store');
  }
});

t.test('dashboard › the period\'s figures, a chart with a bar per day that has data, the same numbers in the table and CSV', async (t) => {
  const { app, me, b } = await signedIn(t);
  const today = now();
  await seed(app, { clicks: [click(me.id, today - 10), click(me.id, today - 20), click(me.id, today - 86400 * 2)], exchanges: [exchange(me.id, today - 30)] });
  await adjustBalance(app.repos, me.id, { amount: '12.5', reason: 'bonus' }, today);
  const res = await b.get('/partner/dashboard?period=7d');
  t.equal(res.statusCode, 200);
  t.match(res.body, /<svg[^>]+role="img"[^>]+data-days="7"/);
  t.equal((res.body.match(/class="bar-clicks"/g) ?? []).length, 2, 'two days with clicks');
  t.match(res.body, /12\.5 USD/);
  t.match(res.body, /<table id="daily-table">/);
  t.equal((res.body.match(/<tr><th scope="row">\d{4}-\d{2}-\d{2}<\/th>/g) ?? []).length, 7);
  const csv = await b.get('/partner/dashboard.csv?period=7d');
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  t.equal(lines[0], 'day,clicks,exchanges,successful,conversion_percent,earned_USD');
  t.equal(lines.length, 8);
  t.equal(lines.slice(1).reduce((s, l) => s + Number(l.split(',')[1]), 0), 3, 'clicks in the CSV');
  const bad = await b.get('/partner/dashboard?period=custom&from=2026-02-30&to=2026-01-01');
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /aria-invalid="true"/);
  const custom = await b.get('/partner/dashboard?period=custom&from=2025-01-01&to=2025-12-31');
  t.match(custom.body, /data-days="365"/);
  t.equal((await b.get('/partner/dashboard.csv?period=custom&from=x&to=y')).statusCode, 400);
});

t.test('languages › Accept-Language picks Russian, the switch is remembered, amounts formatted for the language', async (t) => {
  const { app, me } = await signedIn(t);
  await adjustBalance(app.repos, me.id, { amount: '1234.5', reason: 'bonus' }, now());
  const ru = new Browser(app);
  ru.lang = 'ru-RU,ru;q=0.9,en;q=0.8';
  const login = await ru.get('/partner/login');
  t.match(login.body, /<html lang="ru">/);
  t.match(login.body, /Вход/);
  await ru.post('/partner/login', { email: me.email, password: me.password });
  const dash = await ru.get('/partner/dashboard');
  t.match(dash.body, /Баланс/);
  t.match(dash.body, /1\u00a0234,5 USD/, 'Russian digits grouping and decimal comma');
  const program = await ru.get('/partner/program');
  t.match(program.body, /Ваша партнерская ссылка/);
  t.match((await ru.get('/partner/api')).body, /Создать API доступ/);
  const switched = await ru.get('/partner/language/en?next=%2Fpartner%2Fapi');
  t.equal(switched.statusCode, 303);
  t.equal(switched.headers.location, '/partner/api');
  const en = await ru.get('/partner/dashboard');
  t.match(en.body, /<html lang="en">/);
  t.match(en.body, /1,234\.5 USD/);
  t.equal((await ru.get('/partner/language/en?next=https%3A%2F%2Fevil.example')).headers.location, '/partner/dashboard');
});

t.test('program › the partnership link with a copy button; the builder makes …/ref/CODE/?cur_from=X&cur_to=Y from active directions', async (t) => {
  const { app, me, b } = await signedIn(t);
  await app.repos.directions.upsertMany([direction('PMUSD', 'BTC'), direction('BTC', 'QIWIRUB')], now());
  const page = await b.get('/partner/program');
  t.match(page.body, /Your partnership link/);
  t.match(page.body, new RegExp(`http://localhost:3000/ref/${me.link!.code}/`));
  t.match(page.body, /data-copy-target="link-main"/);
  t.match(page.body, /<option value="PMUSD">/);
  const built = await b.get('/partner/program?cur_from=PMUSD&cur_to=BTC');
  t.match(built.body, new RegExp(`/ref/${me.link!.code}/\\?cur_from=PMUSD&amp;cur_to=BTC`));
  const inactive = await b.get('/partner/program?cur_from=BTC&cur_to=PMUSD');
  t.equal(inactive.statusCode, 400);
  t.match(inactive.body, /Choose a direction from the list/);
  const injected = await b.get(`/partner/program?cur_from=${encodeURIComponent('<script>alert(1)</script>')}&cur_to=BTC`);
  t.notMatch(injected.body, /<script>alert/);
  await app.inject({ method: 'POST', url: `/admin/partners/${me.id}/links`, headers: adminHeaders, payload: { name: '<script>alert("x")</script> \u05e9\u05dc\u05d5\u05dd 🚀 \'q\'' } });
  const named = await b.get('/partner/program');
  t.notMatch(named.body, /<script>alert/);
  t.match(named.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; \u05e9\u05dc\u05d5\u05dd 🚀 &#39;q&#39;/);
});

t.test('program › "Your partnership link" and the builder use a link that brings clients: not one the operator disabled, an agent link or an archived one', async (t) => {
  const { app, me, b } = await signedIn(t);
  await app.repos.directions.upsertMany([direction('PMUSD', 'BTC')], now());
  await b.get('/partner/links/new');
  const add = async (fields: Record<string, string>) => {
    const res = await b.post('/partner/links', { name: 'Link', code: '', type: 'client', target: 'home', direction: '', path: '', visibility: 'listed', ...fields });
    return /^\/partner\/links\/([A-Za-z0-9_-]+)\?m=created$/.exec(res.headers.location as string)![1]!;
  };
  const agent = await add({ name: 'Agents', type: 'agent' });
  const archived = await add({ name: 'Old', visibility: 'archived' });
  const working = await add({ name: 'Forum' });
  const hidden = await add({ name: 'Chat', visibility: 'hidden' });
  t.equal((await app.inject({ method: 'DELETE', url: `/admin/links/${me.link!.code}`, headers: adminHeaders })).statusCode, 200, 'the operator disables the first link');
  const page = await b.get('/partner/program');
  const main = /<code id="link-main"[^>]*>([^<]*)</.exec(page.body)?.[1];
  t.equal(main, `http://localhost:3000/ref/${working}/`);
  const options = [...page.body.matchAll(/<option value="([^"]*)"[^>]*>[^<]*<\/option>/g)].map((m) => m[1]).filter((v) => /^[A-Za-z0-9_-]{3,}$/.test(v!) && !/^[A-Z]{3,}$/.test(v!));
  t.same(options.filter((code) => [me.link!.code, agent, archived, working, hidden].includes(code!)), [working, hidden], 'the builder offers only links that bring clients');
  const built = await b.get(`/partner/program?cur_from=PMUSD&cur_to=BTC&link=${me.link!.code}`);
  t.match(built.body, new RegExp(`<code id="link-built"[^>]*>http://localhost:3000/ref/${working}/\\?cur_from=PMUSD`), 'a disabled link is not built on');
});

t.test('API › Create API Access shows the key once; it works on api.php; revoke; another partner\'s prefix is 404', async (t) => {
  const { app, me, other, b } = await signedIn(t);
  await b.get('/partner/api');
  const created = await b.submit('/partner/api/keys');
  t.equal(created.status, 303, 'a redirect: reloading the page does not create another key');
  const key = /id="new-api-key"[^>]*>([A-Za-z0-9]{40})</.exec(created.page.body)?.[1];
  t.ok(key, 'the key is on the page');
  t.equal(created.location, `/partner/api?m=key_created&id=${key!.slice(0, 8)}`);
  t.match(created.page.body, /will not be shown again/);
  const api = await app.inject({ method: 'GET', url: `/service/partner/api.php?api_action=pp&api_key=${key}&method=get_info` });
  t.equal(api.json().status, 'success');
  const reloaded = await b.get(created.location!);
  t.notMatch(reloaded.body, new RegExp(key!), 'a reload does not show it again');
  t.match(reloaded.body, new RegExp(`The key ${key!.slice(0, 8)} is created\\. It was shown once`));
  t.equal((await app.repos.apiKeys.listByPartner(me.id)).length, 1, 'one key');
  const again = await b.get('/partner/api');
  t.notMatch(again.body, new RegExp(key!), 'not shown again');
  t.match(again.body, new RegExp(`<code>${key!.slice(0, 8)}…</code>`));
  const theirs = (await app.inject({ method: 'POST', url: `/admin/partners/${other.id}/keys`, headers: adminHeaders })).json();
  t.match(theirs.prefix, /^[A-Za-z0-9]{8}$/);
  const foreign = await b.post(`/partner/api/keys/${theirs.prefix}/revoke`);
  t.equal(foreign.statusCode, 404, 'another partner\'s key');
  t.equal((await b.post('/partner/api/keys/nokey123/revoke')).statusCode, 404);
  t.equal((await b.post('/partner/api/keys/%00okey123/revoke')).statusCode, 404, 'not a prefix (a NUL was a 500 on PostgreSQL)');
  const revoked = await b.submit(`/partner/api/keys/${key!.slice(0, 8)}/revoke`);
  t.equal(revoked.status, 303, 'a redirect: reloading the page does not post again');
  t.match(revoked.page.body, new RegExp(`The key ${key!.slice(0, 8)} is revoked\\.`));
  const after = await app.inject({ method: 'GET', url: `/service/partner/api.php?api_action=pp&api_key=${key}&method=get_info` });
  t.equal(after.json().status, 'error', 'revoked at once');
});

t.test('API › the 21st active key is refused with a notice in the partner\'s language; the keys stay listed', async (t) => {
  const { app, me, b } = await signedIn(t);
  for (let i = 0; i < 20; i++) await app.inject({ method: 'POST', url: `/admin/partners/${me.id}/keys`, headers: adminHeaders });
  await b.get('/partner/api');
  const refused = await b.post('/partner/api/keys');
  t.equal(refused.statusCode, 422);
  t.match(refused.body, /You have 20 active keys/);
  t.notMatch(refused.body, /id="new-api-key"/);
  t.equal((refused.body.match(/<code>[A-Za-z0-9]{8}…<\/code>/g) ?? []).length, 20);
  t.equal((await app.repos.apiKeys.listByPartner(me.id)).length, 20);
});

t.test('API › several Create API Access at once with one key left under the limit: one key is created, the others refused; never more than 20 active', async (t) => {
  const { app, me, b } = await signedIn(t);
  for (let i = 0; i < 19; i++) await app.inject({ method: 'POST', url: `/admin/partners/${me.id}/keys`, headers: adminHeaders });
  await b.get('/partner/api');
  const answers = await Promise.all(Array.from({ length: 6 }, () => b.post('/partner/api/keys')));
  t.same(answers.map((r) => r.statusCode).sort(), [303, 422, 422, 422, 422, 422]);
  t.equal((await app.repos.apiKeys.listByPartner(me.id)).filter((k) => k.revokedAt === null).length, 20);
});

t.test('exchanges and clicks › own rows only, masked like get_links, keyset pages, CSV with formula cells defused', async (t) => {
  const { app, me, other, b } = await signedIn(t);
  const base = now() - 3600;
  await seed(app, {
    clicks: [
      ...Array.from({ length: 55 }, (_, i) => click(me.id, base + i, {
        ip: '203.0.113.77', referrer: i === 0 ? '=HYPERLINK("http://evil")' : 'https://monitor.example/<b>x</b>',
        ...(i === 54 ? { sub1: 'tg-channel', sub3: '<ad 7>' } : {}),
      })),
      click(other.id, base, { referrer: 'https://other-partner.example/' }),
    ],
    exchanges: [exchange(me.id, base), exchange(other.id, base, { externalId: 'theirs-1' })],
  });
  const clicks = await b.get('/partner/clicks');
  t.equal(clicks.statusCode, 200);
  t.match(clicks.body, /203\.0\.113\.0/, 'masked IP');
  t.notMatch(clicks.body, /203\.0\.113\.77/);
  t.notMatch(clicks.body, /other-partner/);
  t.match(clicks.body, /&lt;b&gt;x&lt;\/b&gt;/, 'escaped referrer');
  const next = /href="\/partner\/clicks\?period=30d&amp;before=(\d+-\d+)" rel="next"/.exec(clicks.body)?.[1];
  t.ok(next, 'a next page');
  const page2 = await b.get(`/partner/clicks?period=30d&before=${next}`);
  t.equal((page2.body.match(/<tr><td>/g) ?? []).length, 5);
  t.match(clicks.body, /<td class="wrap">tg-channel · &lt;ad 7&gt;<\/td>/, 'the newest click\'s sub-ids, escaped');
  const csv = await b.get('/partner/clicks.csv');
  t.equal(csv.body.trim().split('\r\n').length, 56);
  const [header, newest] = csv.body.slice(1).split('\r\n');
  t.match(header, /,query_string,sub1,sub2,sub3,sub4,sub5$/);
  t.match(newest, /,tg-channel,,<ad 7>,,$/, 'sub-ids in columns of their own');
  t.match(csv.body, /"'=HYPERLINK\(""http:\/\/evil""\)"/);
  const ex = await b.get('/partner/exchanges');
  t.match(ex.body, /PMUSD → BTC/);
  t.equal((ex.body.match(/<tr><td>\d+<\/td>/g) ?? []).length, 1, 'only mine');
});

t.test('payouts › an amount typed as the page writes it: «1 234,56» on the Russian page, "1,234.56" on the English one', async (t) => {
  const { app, me, b } = await signedIn(t);
  const method = await app.repos.payoutMethods.insert({ title: 'Perfect Money', currency: 'USD', commission: '0' });
  await adjustBalance(app.repos, me.id, { amount: '50000', reason: 'bonus' }, now());
  const request = async (lang: string, amount: string) => {
    b.lang = lang;
    await b.get('/partner/payouts');
    const res = await b.post('/partner/payouts', { method_id: String(method.id), amount, account: 'U123' });
    const [latest] = (await app.inject({ method: 'GET', url: `/admin/payouts?partner_id=${me.id}`, headers: adminHeaders })).json().items;
    return [res.statusCode, res.statusCode === 303 ? latest.amount : /id="f-amount-error">([^<]*)/.exec(res.body)?.[1]];
  };
  b.lang = 'ru';
  t.match((await b.get('/partner/payouts')).body, /50\u00a0000 USD/, 'the balance as the page writes it');
  t.same(await request('ru', '1\u00a0234,56'), [303, '1234.56'], 'a no-break space, as on the page');
  t.same(await request('ru', '1 234,5'), [303, '1234.5']);
  t.same(await request('ru', '1\u202f000'), [303, '1000'], 'a narrow no-break space');
  t.same(await request('ru', '12.5'), [303, '12.5'], 'a dot still reads as the decimal point');
  t.same(await request('en', '1,234.56'), [303, '1234.56']);
  t.same(await request('en', '1,000'), [303, '1000']);
  t.same(await request('en', '25,5'), [303, '25.5'], 'a lone comma before decimals: the decimal point, as before');
  t.same(await request('en', '1,2,3'), [400, 'Enter an amount such as 25.50, at least the minimum payout.']);
  t.same(await request('ru', '1.234,5'), [400, 'Введите сумму, например 25,50, не меньше минимальной выплаты.']);
});

t.test('payouts › request through the same service as add_payout, errors next to fields, cancel; another partner\'s payout is 404; the operator sees it', async (t) => {
  const { app, me, other, b } = await signedIn(t);
  const method = await app.repos.payoutMethods.insert({ title: 'Perfect Money <USD>', currency: 'USD', commission: '0' });
  await adjustBalance(app.repos, me.id, { amount: '100', reason: 'bonus' }, now());
  await adjustBalance(app.repos, other.id, { amount: '100', reason: 'bonus' }, now());
  const page = await b.get('/partner/payouts');
  t.match(page.body, /Perfect Money &lt;USD&gt;/);
  const bad = await b.post('/partner/payouts', { method_id: String(method.id), amount: '-5', account: '' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /id="f-amount-error">Enter an amount/);
  t.match(bad.body, /id="f-account-error">Fill in this field/);
  const tooMuch = await b.post('/partner/payouts', { method_id: String(method.id), amount: '1000', account: 'U123' });
  t.equal(tooMuch.statusCode, 422);
  t.match(tooMuch.body, /not enough/);
  const account = '<script>alert("x")</script> \u05e9\u05dc\u05d5\u05dd 🚀 "quoted"';
  const ok = await b.submit('/partner/payouts', { method_id: String(method.id), amount: '25,5', account });
  const ops = (await app.inject({ method: 'GET', url: `/admin/payouts?partner_id=${me.id}`, headers: adminHeaders })).json();
  const mine = ops.items ?? ops;
  t.equal(mine.length, 1, 'the operator sees the request');
  t.equal(ok.status, 303, 'a redirect: reloading the page does not request the payout again');
  t.equal(ok.location, `/partner/payouts?m=payout_requested&id=${mine[0].id}`);
  t.match(ok.page.body, `<p class="notice info" role="status">Payout ${mine[0].id} requested.</p>`);
  t.notMatch(ok.page.body, /<script>alert/);
  t.match(ok.page.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; \u05e9\u05dc\u05d5\u05dd 🚀 &quot;quoted&quot;/);
  for (const forged of ['?m=payout_requested&id=%3Cb%3E', '?m=key_revoked&id=1', '?m=payout_requested']) {
    t.notMatch((await b.get(`/partner/payouts${forged}`)).body, /class="notice/, `no notice from ${forged}`);
  }
  const theirs = (await app.inject({ method: 'POST', url: '/admin/payouts', headers: adminHeaders, payload: { partner_id: other.id, method_id: method.id, account: 'X', amount: '10' } })).json();
  t.ok(theirs.id > 0, 'the other partner has a payout');
  t.equal((await b.post(`/partner/payouts/${theirs.id}/cancel`)).statusCode, 404, 'another partner\'s payout');
  t.equal((await b.post('/partner/payouts/abc/cancel')).statusCode, 404);
  const cancel = await b.submit(`/partner/payouts/${mine[0].id}/cancel`);
  t.equal(cancel.status, 303);
  t.match(cancel.page.body, `Payout ${mine[0].id} canceled; the amount is back in your balance.`);
  t.match(cancel.page.body, /Canceled by you/);
  const unsafe = await b.post('/partner/payouts', { method_id: String(method.id), amount: '', account: 'evil\u202eetc' });
  t.equal(unsafe.statusCode, 400);
  t.match(unsafe.body, /id="f-account-error">Enter 1–200 printable/);
});

t.test('exchanges.csv and /partner/exchanges › amounts and rewards exact to the last digit, as the REST API gives them', async (t) => {
  const { app, me, b } = await signedIn(t, { rewardCurrency: 'BTC' });
  await app.inject({ method: 'PATCH', url: `/admin/partners/${me.id}`, headers: adminHeaders, payload: { reward_percent: '100' } });
  const report = (external_id: string, figures: Record<string, string>) => app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: {
    external_id, ref_code: me.link!.code, cur_give: 'PMUSD', cur_get: 'BTC', amount_give: '1', course_get: '1', status: 'success', ...figures } });
  t.equal((await report('tiny', { amount_get: '0.00000005', course_give: '0.0000001', reward_base_amount: '0.00000001' })).statusCode, 201);
  t.equal((await report('huge', { amount_get: '123456789.123456789', course_give: '1234567890123456789012.5', reward_base_amount: '89999999.99999999' })).statusCode, 201);
  const csv = (await b.get('/partner/exchanges.csv')).body.split('\r\n').map((line) => line.split(',').slice(5, 12));
  t.same(csv.slice(1, 3), [
    ['1234567890123456789012.5', '1', '1', '123456789.123456789', '1', '1', '89999999.99999999'],
    ['0.0000001', '1', '1', '0.00000005', '1', '1', '0.00000001'],
  ], 'no exponents, no digits lost');
  const page = (await b.get('/partner/exchanges')).body;
  t.match(page, '<td class="num">89,999,999.99999999</td>');
  t.match(page, '<td class="num">0.00000005</td>');
});

t.test('languages › the switch on a page that answered a form (a new key, a revoked key, a canceled payout) leads to that page in the other language, not to "Not found"', async (t) => {
  const { app, me, b } = await signedIn(t);
  await b.get('/partner/api');
  const posted = await b.post('/partner/api/keys');
  t.equal(posted.statusCode, 303);
  const [key] = await app.repos.apiKeys.listByPartner(me.id);
  const created = await b.get(String(posted.headers.location));
  const revoked = (await b.submit(`/partner/api/keys/${key!.prefix}/revoke`)).page;
  const canceled = await b.post('/partner/payouts/999/cancel');
  for (const [res, page] of [[created, `/partner/api?m=key_created&id=${key!.prefix}`], [revoked, `/partner/api?m=key_revoked&id=${key!.prefix}`], [canceled, '/partner/payouts']] as const) {
    const href = /<a href="(\/partner\/language\/ru\?next=[^"]*)"/.exec(res.body)?.[1];
    t.equal(href, `/partner/language/ru?next=${encodeURIComponent(page)}`);
    const switched = await b.get(href!);
    t.equal(switched.headers.location, page);
    t.equal((await b.get(page)).statusCode, 200);
  }
});

// The key rides from the POST to its page in a cookie sealed with the session's own token: the
// cookie alone, in another session of the same partner, shows nothing.
t.test('API › the new key\'s page shows it only in the session that created it, once, within minutes', async (t) => {
  const { app, me, b } = await signedIn(t);
  await b.get('/partner/api');
  const posted = await b.post('/partner/api/keys');
  const once = (posted.cookies as Array<{ name: string; value: string; maxAge?: number; httpOnly?: boolean; sameSite?: string; path?: string }>).find((c) => c.name === 'ratelink_once');
  t.match(once, { path: '/partner', httpOnly: true, sameSite: 'Strict' });
  t.ok(once!.maxAge! > 0 && once!.maxAge! <= 300, `a short life: ${once!.maxAge}`);
  const [key] = await app.repos.apiKeys.listByPartner(me.id);
  t.notMatch(once!.value, new RegExp(key!.prefix), 'the cookie does not carry the key readably');
  const second = new Browser(app);
  await second.signIn(me.email, me.password);
  second.cookies.set('ratelink_once', once!.value);
  const elsewhere = await second.get(String(posted.headers.location));
  t.equal(elsewhere.statusCode, 200);
  t.notMatch(elsewhere.body, /id="new-api-key"/, 'another session cannot open it');
  t.notOk(second.cookies.has('ratelink_once'), 'and it is cleared');
  const shown = await b.get(String(posted.headers.location));
  t.match(shown.body, /id="new-api-key"/);
});

// With the script, a partner is asked before what cannot be undone (checked in Chromium by the
// browser test); the question is on the form, in the page's language.
t.test('forms that cannot be undone › revoke, delete and sign out everywhere carry their question', async (t) => {
  const { b } = await signedIn(t);
  await b.get('/partner/api');
  const page = (await b.submit('/partner/api/keys')).page.body;
  t.match(page, /<form method="post" action="\/partner\/api\/keys\/(\w{8})\/revoke" data-confirm="Revoke the key \1\? Programs that use it stop working at once\.">/);
  t.match(page, '<form method="post" action="/partner/logout-everywhere" data-confirm="Sign out in every browser, this one too, and end every API token?">');
  const hooks = (await b.submit('/partner/webhooks', { kind: 'webhook', webhook_url: 'https://hooks.example.com/a', events: 'payout.paid' })).page.body;
  t.match(hooks, /action="\/partner\/webhooks\/(\d+)\/delete" data-confirm="Delete \1 and its delivery log\? Events are no longer sent to it\.">/);
  t.notMatch(hooks, /\/disable" data-confirm/, 'pausing can be undone: no question');
  b.lang = 'ru';
  t.match((await b.get('/partner/api')).body, /data-confirm="Отозвать ключ \w{8}\? Программы, которые им пользуются, сразу перестанут работать\."/);
});
