// Headers and answers that give nothing away, tried through real requests.
import t from 'tap';
import { adminHeaders, build } from '../helpers/build.js';
import { API, callApi, makePartner } from '../helpers/partner-api.js';
import { addFeed } from '../helpers/feeds.js';
import { createPayoutMethod } from '../../src/services/ledger/payout-methods.js';
import { MAX_FEEDS } from '../../src/services/feeds/feeds.js';

t.test('every answer › X-Content-Type-Options: nosniff (feeds, referral, API, admin, 404)', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar');
  const code = await addFeed(app);
  const answers = await Promise.all([
    app.inject(`/service/export/json/${code}`), app.inject('/ref/nope'), app.inject('/healthz'),
    callApi(app, apiKey, 'get_info'), app.inject({ url: '/admin/partners', headers: adminHeaders }), app.inject('/nowhere'),
  ]);
  for (const res of answers) t.equal(res.headers['x-content-type-options'], 'nosniff', `${res.statusCode} ${res.headers['content-type']}`);
});

t.test('partner and admin APIs › Cache-Control: no-store, also on errors', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar');
  for (const res of [await callApi(app, apiKey, 'get_info'), await callApi(app, 'Z'.repeat(40), 'get_info'),
    await app.inject({ url: '/admin/partners', headers: adminHeaders }), await app.inject('/admin/partners')]) {
    t.equal(res.headers['cache-control'], 'no-store', `${res.statusCode} ${res.body.slice(0, 40)}`);
  }
});

t.test('demo site pages › a strict Content-Security-Policy', async (t) => {
  const app = await build(t, { demo: true });
  for (const url of ['/', '/exchange/PMUSD/BTC/']) {
    const res = await app.inject(url);
    t.match(res.headers['content-type'], /text\/html/);
    t.equal(res.headers['content-security-policy'], "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  }
});

t.test('a malformed URL › the error does not echo it (nor the key in it)', async (t) => {
  const app = await build(t);
  const res = await app.inject(`/admin/partners/%E0%A4%A?api_key=SECRETKEY123`);
  t.equal(res.statusCode, 400);
  t.notMatch(res.body, /SECRETKEY123|%E0/);
  t.equal(res.json().error.message, 'The URL is malformed (bad percent-encoding)');
});

t.test('GET /admin/<unknown> › 401 without the token, 404 only with it', async (t) => {
  const app = await build(t);
  for (const url of ['/admin/nothing-here', '/admin/partners/1/secret-route', '/admin/']) {
    const anonymous = await app.inject(url);
    t.equal(anonymous.statusCode, 401, url);
    t.equal(anonymous.json().error.code, 'RL_UNAUTHORIZED');
  }
  t.equal((await app.inject({ url: '/admin/nothing-here', headers: adminHeaders })).statusCode, 404);
});

t.test('HEAD api.php › never runs add_payout or cancel_payout', async (t) => {
  const app = await build(t);
  const { partner, apiKey } = await makePartner(app, 'Radar', { min_payout: '1' });
  const method = await createPayoutMethod(app.repos, { title: 'Payeer USD', currency: 'USD', commission: '0' });
  await app.repos.ledger.adjust({ partnerId: partner.id, amount: 50_000_000_00, reason: 'test credit', at: 1_700_000_000 });
  const query = (extra: string) => `${API}?api_action=pp&api_key=${apiKey}&${extra}`;
  const head = await app.inject({ method: 'HEAD', url: query(`method=add_payout&method_id=${method.id}&account=U123&amount=10`) });
  t.equal(head.statusCode, 200);
  t.same(await app.repos.partnerReports.listPayouts(partner.id, { limit: 10, offset: 0 }), [], 'no payout created');
  const added = await callApi(app, apiKey, 'add_payout', { method_id: method.id, account: 'U123', amount: 10 });
  t.equal(added.json().status, 'success');
  const payoutId = added.json().data.payout_id as number;
  await app.inject({ method: 'HEAD', url: query(`method=cancel_payout&payout_id=${payoutId}`) });
  t.equal((await app.repos.partnerReports.findPayout(partner.id, payoutId))!.status, 0, 'still pending: not canceled');
  t.equal((await app.inject({ method: 'HEAD', url: query('method=get_info') })).statusCode, 200, 'reads still answer HEAD');
});

t.test('POST /admin/feeds › at most MAX_FEEDS feeds', async (t) => {
  const app = await build(t);
  for (let i = 0; i < MAX_FEEDS; i++) await app.repos.feeds.insert({ code: `feed${String(i).padStart(8, '0')}`, name: `m${i}`, dialect: 'classic', options: {} });
  const res = await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: 'one too many' } });
  t.equal(res.statusCode, 422);
  t.match(res.json().error.message, /At most 100 feeds/);
  t.equal((await app.repos.feeds.list()).length, MAX_FEEDS);
});

t.test('POST /admin/feeds › 12 at once with room for 3: 3 created, never a 101st', async (t) => {
  const app = await build(t);
  for (let i = 0; i < MAX_FEEDS - 3; i++) await app.repos.feeds.insert({ code: `feed${String(i).padStart(8, '0')}`, name: `m${i}`, dialect: 'classic', options: {} });
  const create = (i: number) => app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: `late ${i}` } });
  const statuses = (await Promise.all(Array.from({ length: 12 }, (_, i) => create(i)))).map((res) => res.statusCode);
  t.same(statuses.filter((status) => status === 201).length, 3);
  t.equal((await app.repos.feeds.list()).length, MAX_FEEDS);
});
