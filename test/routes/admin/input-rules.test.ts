// What every admin route does with input an operator's script gets slightly wrong: a 400 in the
// one error shape that names the field, never a guess that acts on another row or value.
// Runs on PostgreSQL with RATELINK_TEST_DATABASE_URL.
import t from 'tap';
import type { InjectOptions } from 'fastify';
import { adminHeaders, build } from '../../helpers/build.js';
import { exchangeBody, makePartner } from '../../helpers/ledger-factory.js';

const send = (app: Awaited<ReturnType<typeof build>>, request: InjectOptions) =>
  app.inject({ ...request, headers: { ...adminHeaders, ...request.headers } });

t.test('an id or integer not written in digits (0x1, 1e0, " 1", +1, 1.0, true, null) → 400 naming the field, nothing read or written', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await app.repos.ledger.adjust({ partnerId: partner.id, amount: 100_00000000, reason: 'seed', at: 1 });
  const method = await app.inject({ method: 'POST', url: '/admin/payout-methods', headers: adminHeaders, payload: { title: 'USDT', currency: 'USDTTRC20' } });
  t.equal(method.statusCode, 201);
  for (const n of ['0x1', '1e0', '%201', '1%20', '+1', '1.0']) {
    for (const url of [`/admin/partners/${n}`, `/admin/partners/${n}/ledger`, `/admin/exchanges?partner_id=${n}`, `/admin/payouts?limit=${n}`, `/admin/exchanges?offset=${n}`]) {
      const res = await send(app, { method: 'GET', url });
      t.equal(res.statusCode, 400, url);
      t.match(res.json(), { error: { code: 'RL_VALIDATION', message: /^Invalid (id|partner_id|limit|offset): expected integer$/ } }, url);
    }
  }
  for (const value of ['0x1', '1e0', ' 1', true]) {
    const payouts = await send(app, { method: 'POST', url: '/admin/payouts', payload: { partner_id: value, method_id: 1, account: 'T1', amount: '1' } });
    t.equal(payouts.statusCode, 400, `partner_id ${JSON.stringify(value)}`);
    t.same(payouts.json(), { error: { code: 'RL_VALIDATION', message: 'Invalid partner_id: expected integer' } });
    const precision = await send(app, { method: 'PUT', url: '/admin/currencies/BTC', payload: { precision: value } });
    t.same([precision.statusCode, precision.json().error?.message], [400, 'Invalid precision: expected integer'], `precision ${JSON.stringify(value)}`);
    const exchange = await send(app, { method: 'POST', url: '/admin/exchanges', payload: exchangeBody({ time: value }) });
    t.same([exchange.statusCode, exchange.json().error?.message], [400, 'Invalid time: expected integer'], `time ${JSON.stringify(value)}`);
  }
  t.equal((await app.repos.payouts.list({})).length, 0, 'no payout written');
  t.equal((await app.repos.exchanges.list({ limit: 10, offset: 0 })).length, 0, 'no exchange written');
  // null is a field not sent: a required one is missing, an optional one takes its default.
  const nullId = await send(app, { method: 'POST', url: '/admin/payouts', payload: { partner_id: null, method_id: 1, account: 'T1', amount: '1' } });
  t.same([nullId.statusCode, nullId.json().error?.message], [400, 'Missing field "partner_id"']);
  const nullPrecision = await send(app, { method: 'PUT', url: '/admin/currencies/BTC', payload: { precision: null } });
  t.same([nullPrecision.statusCode, nullPrecision.json().error?.message], [400, 'Missing field "precision"']);
  t.same((await send(app, { method: 'GET', url: '/admin/currencies' })).json().items, [], 'BTC keeps its 8 decimals (null and false set 0)');
  const before = Math.floor(Date.now() / 1000);
  const nullTime = await send(app, { method: 'POST', url: '/admin/exchanges', payload: exchangeBody({ time: null }) });
  t.equal(nullTime.statusCode, 201);
  t.ok(nullTime.json().time >= before, `"time": null is now, not 1970 (${nullTime.json().time})`);

  // Digits still work, in the URL, the query and as a JSON number or digit string.
  t.equal((await send(app, { method: 'GET', url: `/admin/partners/${partner.id}` })).statusCode, 200);
  t.equal((await send(app, { method: 'GET', url: '/admin/payouts?limit=10&offset=0' })).statusCode, 200);
  t.equal((await send(app, { method: 'GET', url: '/admin/partners/-1' })).json().error.message, 'Invalid id: expected at least 1');
  const paid = await send(app, { method: 'POST', url: '/admin/payouts', payload: { partner_id: String(partner.id), method_id: 1, account: 'T1', amount: '1' } });
  t.equal(paid.statusCode, 201, 'a digit string is still an id');
  t.equal((await send(app, { method: 'PUT', url: '/admin/currencies/BTC', payload: { precision: 4 } })).statusCode, 200);
});

t.test('a field a route does not take, in the body or the query → 400 naming it, as docs/admin-api.md promises, and nothing done', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await app.repos.ledger.adjust({ partnerId: partner.id, amount: 100_00000000, reason: 'seed', at: 1 });
  await send(app, { method: 'POST', url: '/admin/payout-methods', payload: { title: 'USDT', currency: 'USDTTRC20' } });
  const payout = (await send(app, { method: 'POST', url: '/admin/payouts', payload: { partner_id: partner.id, method_id: 1, account: 'T1', amount: '5' } })).json();
  const hook = (await send(app, { method: 'POST', url: '/admin/webhooks', payload: { url: 'https://hooks.example.com/rl' } })).json();
  await send(app, { method: 'POST', url: `/admin/partners/${partner.id}/invite` });
  const posts = [
    `/admin/partners/${partner.id}/keys`, `/admin/partners/${partner.id}/password-reset`, `/admin/partners/${partner.id}/approve`,
    `/admin/partners/${partner.id}/sign-out`, `/admin/payouts/${payout.id}/cancel`, `/admin/webhooks/${hook.id}/rotate-secret`,
  ];
  for (const url of posts) {
    const res = await send(app, { method: 'POST', url, payload: { reason: 'typo' } });
    t.equal(res.statusCode, 400, url);
    t.same(res.json(), { error: { code: 'RL_VALIDATION', message: 'Unknown field "reason"' } }, url);
  }
  t.same((await send(app, { method: 'GET', url: `/admin/partners/${partner.id}/keys` })).json().items, [], 'no key issued');
  t.equal((await send(app, { method: 'GET', url: `/admin/payouts/${payout.id}` })).json().status, 'pending', 'the payout is not canceled');

  const gets = ['/admin/partners', `/admin/partners/${partner.id}`, `/admin/partners/${partner.id}/keys`, '/admin/feeds', '/admin/directions',
    '/admin/payout-methods', `/admin/payouts/${payout.id}`, '/admin/webhooks', `/admin/webhooks/${hook.id}/deliveries`, '/admin/currencies', '/admin/maintenance'];
  for (const url of gets) {
    const res = await send(app, { method: 'GET', url: `${url}?limit=1` });
    t.same([res.statusCode, res.json()], [400, { error: { code: 'RL_VALIDATION', message: 'Unknown field "limit"' } }], `${url}?limit=1 is no page`);
    t.equal((await send(app, { method: 'GET', url })).statusCode, 200, url);
  }
  // Without a body (curl -X POST) and with {} they work as before.
  t.equal((await send(app, { method: 'POST', url: `/admin/partners/${partner.id}/keys` })).statusCode, 201);
  t.equal((await send(app, { method: 'POST', url: `/admin/partners/${partner.id}/keys`, payload: {} })).statusCode, 201);
  t.equal((await send(app, { method: 'POST', url: `/admin/payouts/${payout.id}/cancel` })).statusCode, 200);
});

t.test('GET /admin/partners/:id/keys of no partner → 404 as its links; PATCH /admin/webhooks/:id with nothing to change → 400 as every PATCH', async (t) => {
  const app = await build(t);
  const keys = await send(app, { method: 'GET', url: '/admin/partners/99/keys' });
  t.same([keys.statusCode, keys.json()], [404, { error: { code: 'RL_NOT_FOUND', message: 'Partner 99 not found' } }], 'not an empty list: a mistyped id is told');
  t.equal((await send(app, { method: 'GET', url: '/admin/partners/99/links' })).statusCode, 404);
  const hook = (await send(app, { method: 'POST', url: '/admin/webhooks', payload: { url: 'https://hooks.example.com/rl' } })).json();
  for (const url of [`/admin/webhooks/${hook.id}`, '/admin/partners/1', '/admin/links/ABC', '/admin/feeds/ABC']) {
    const res = await send(app, { method: 'PATCH', url, payload: {} });
    t.same([res.statusCode, res.json().error?.code], [400, 'RL_VALIDATION'], `PATCH ${url} {}`);
  }
  t.equal((await send(app, { method: 'PATCH', url: `/admin/webhooks/${hook.id}`, payload: { enabled: false } })).statusCode, 200);
});

t.test('the rate table › a body of the wrong kind is told where it goes, not to send JSON to the XML import nor "Invalid 0"', async (t) => {
  const app = await build(t);
  const xml = '<rates><item><from>BTC</from><to>SBERRUB</to><in>1</in><out>6000000</out><amount>100</amount></item></rates>';
  const toXml = 'Unsupported Content-Type: send Content-Type: application/xml with the rates XML (a JSON list of directions goes to PUT or PATCH /admin/directions)';
  // curl --data-binary @rates.xml without -H sends a form's Content-Type.
  for (const [type, payload] of [['application/x-www-form-urlencoded', xml], ['text/plain', xml], ['application/json', '[{"from":"BTC"}]'], [undefined, undefined]] as const) {
    const res = await send(app, { method: 'POST', url: '/admin/directions/import', payload, headers: type ? { 'content-type': type } : {} });
    t.same([res.statusCode, res.json()], [415, { error: { code: 'RL_UNSUPPORTED_MEDIA_TYPE', message: toXml } }], `import with ${type}`);
  }
  const toJson = 'Unsupported Content-Type: send Content-Type: application/json with a JSON list of directions (the rates XML goes to POST /admin/directions/import)';
  for (const method of ['PUT', 'PATCH'] as const) {
    const asXml = await send(app, { method, url: '/admin/directions', payload: xml, headers: { 'content-type': 'application/xml' } });
    t.same([asXml.statusCode, asXml.json()], [415, { error: { code: 'RL_UNSUPPORTED_MEDIA_TYPE', message: toJson } }], `${method} with XML`);
    const empty = await send(app, { method, url: '/admin/directions' });
    t.same([empty.statusCode, empty.json()], [400, { error: { code: 'RL_VALIDATION', message: 'Invalid body: expected array' } }], `${method} without a body`);
  }
  t.same((await send(app, { method: 'GET', url: '/admin/directions' })).json().items, [], 'nothing written');
  t.equal((await send(app, { method: 'POST', url: '/admin/directions/import', payload: xml, headers: { 'content-type': 'application/xml' } })).statusCode, 200);
});

t.test('schema errors › in the words of the services ("expected …") and their paths ([0].field), not Ajv\'s', async (t) => {
  const app = await build(t);
  const cases: Array<[InjectOptions, string]> = [
    [{ method: 'POST', url: '/admin/partners', payload: { name: '', email: 'a@acme.example', reward_percent: '1' } }, 'Invalid name: expected at least 1 character'],
    [{ method: 'POST', url: '/admin/partners', payload: { name: 'x'.repeat(201), email: 'a@acme.example', reward_percent: '1' } }, 'Invalid name: expected at most 200 characters'],
    [{ method: 'GET', url: '/admin/partners/0' }, 'Invalid id: expected at least 1'],
    [{ method: 'GET', url: '/admin/payouts?limit=1001' }, 'Invalid limit: expected at most 1000'],
    [{ method: 'PATCH', url: '/admin/partners/1', payload: {} }, 'Invalid body: expected at least one field'],
    [{ method: 'PATCH', url: '/admin/directions', payload: [{ from: 'BTC', to: 'ETH', zzz: 1 }] }, 'Unknown field "[0].zzz"'],
    [{ method: 'PATCH', url: '/admin/directions', payload: [{ from: 'BTC', to: 'ETH', active: 'maybe' }] }, 'Invalid [0].active: expected boolean'],
    [{ method: 'PATCH', url: '/admin/partners/1', payload: { reward_levels: [{ turnover: '0' }] } }, 'Missing field "reward_levels[0].percent"'],
  ];
  for (const [request, message] of cases) {
    const res = await send(app, request);
    t.same([res.statusCode, res.json()], [400, { error: { code: 'RL_VALIDATION', message } }], `${request.method} ${request.url}`);
  }
});

t.test('a NUL character in any text (body, URL, query) → 400 naming the field; on PostgreSQL it was a 500 from the database', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await app.repos.ledger.adjust({ partnerId: partner.id, amount: 100_00000000, reason: 'seed', at: 1 });
  await send(app, { method: 'POST', url: '/admin/payout-methods', payload: { title: 'USDT', currency: 'USDTTRC20' } });
  const payout = (await send(app, { method: 'POST', url: '/admin/payouts', payload: { partner_id: partner.id, method_id: 1, account: 'T1', amount: '5' } })).json();
  const N = 'a\u0000b';
  const cases: Array<[InjectOptions, string]> = [
    [{ method: 'POST', url: `/admin/partners/${partner.id}/adjustments`, payload: { amount: '1', reason: N } }, 'reason'],
    [{ method: 'POST', url: '/admin/payout-methods', payload: { title: N, currency: 'USDT' } }, 'title'],
    [{ method: 'POST', url: `/admin/payouts/${payout.id}/pay`, payload: { tx_ref: N } }, 'tx_ref'],
    [{ method: 'POST', url: '/admin/webhooks', payload: { url: `https://hooks.example.com/${N}` } }, 'url'],
    [{ method: 'POST', url: '/admin/partners', payload: { name: 'x', email: 'p\u0000@p.example', reward_percent: '1' } }, 'email'],
    [{ method: 'POST', url: `/admin/partners/${partner.id}/invite`, payload: { email: 'p\u0000q@p.example' } }, 'email'],
    [{ method: 'PATCH', url: '/admin/links/a%00b', payload: { name: 'x' } }, 'code'],
    [{ method: 'PATCH', url: '/admin/feeds/a%00b', payload: { name: 'x' } }, 'code'],
    [{ method: 'DELETE', url: '/admin/links/a%00b' }, 'code'],
    [{ method: 'PATCH', url: '/admin/directions', payload: [{ from: 'BTC', to: 'SBERRUB', in: 1, out: 1, amount: 1, param: ['manual', N] }] }, '[0].param[1]'],
  ];
  for (const [request, field] of cases) {
    const res = await send(app, request);
    t.same([res.statusCode, res.json()], [400, { error: { code: 'RL_VALIDATION', message: `Invalid ${field}: must not contain NUL characters` } }], `${request.method} ${request.url}`);
  }
  t.equal((await send(app, { method: 'GET', url: `/admin/payouts/${payout.id}` })).json().status, 'pending', 'not paid');
  t.same((await send(app, { method: 'GET', url: '/admin/payout-methods' })).json().items.length, 1, 'no method added');
  t.equal((await send(app, { method: 'GET', url: `/admin/partners/${partner.id}` })).json().balance, '95', 'no adjustment (100 less the pending payout)');
});

t.test('a body nested 20,000 deep → 400 from the schema, not a 500 (the NUL check walks it without recursion)', async (t) => {
  const app = await build(t);
  const depth = 20_000;
  const put = await send(app, { method: 'PUT', url: '/admin/directions', payload: '['.repeat(depth) + ']'.repeat(depth), headers: { 'content-type': 'application/json' } });
  t.equal(put.statusCode, 400);
  const feed = await send(app, { method: 'POST', url: '/admin/feeds', payload: `{"name":"x","options":${'{"a":'.repeat(depth)}"a\\u0000"${'}'.repeat(depth)}}`, headers: { 'content-type': 'application/json' } });
  t.same([feed.statusCode, feed.json().error.code], [400, 'RL_VALIDATION']);
});

t.test('a partner name of spaces only → 400 as the cabinet\'s sign-up refuses it; one with spaces around is kept trimmed', async (t) => {
  const app = await build(t);
  const blank = await send(app, { method: 'POST', url: '/admin/partners', payload: { name: '   ', email: 'a@acme.example', reward_percent: '1' } });
  t.same([blank.statusCode, blank.json()], [400, { error: { code: 'RL_VALIDATION', message: 'Invalid name: expected 1-200 characters' } }]);
  const padded = await send(app, { method: 'POST', url: '/admin/partners', payload: { name: '  Acme ', email: 'a@acme.example', reward_percent: '1' } });
  t.equal(padded.json().name, 'Acme');
  const patch = await send(app, { method: 'PATCH', url: `/admin/partners/${padded.json().id}`, payload: { name: ' ' } });
  t.equal(patch.statusCode, 400);
});
