// What the REST API does with a value of the wrong type: a ValidationError naming the field,
// never a guess (Fastify's Ajv turned "1e309" into Infinity and true into 1 or "true").
// Runs on PostgreSQL with RATELINK_TEST_DATABASE_URL.
import t from 'tap';
import { build } from '../../helpers/build.js';
import { makeMethod } from '../../helpers/ledger-factory.js';
import { signedIn } from '../../helpers/rest-api.js';

t.test('an integer in the query not written in digits (1e309, 0x10, " 1", 1.0, true) → 400 naming it; 1e309 was a 500', async (t) => {
  const app = await build(t);
  const s = await signedIn(app);
  const urls = ['/api/partner/summary/?to=', '/api/reports/clicks/?limit=', '/api/reports/rewards/?offset=', '/api/reports/payouts/?from='];
  for (const n of ['1e309', '0x10', '%201', '1.0', 'true', '1e3']) {
    for (const url of urls) {
      const res = await app.inject({ url: url + n, headers: s.headers });
      const field = /\?(\w+)=/.exec(url)![1]!;
      t.same([res.statusCode, res.json()], [400, { detail: 'Bad request', code: 'ValidationError', errors: { [field]: ['Must be integer.'] } }], url + n);
    }
  }
  t.equal((await app.inject({ url: '/api/reports/clicks/?limit=007&offset=0', headers: s.headers })).statusCode, 200, 'digits still work');
});

t.test('an integer in a JSON body: true, 1.5, 1e309 or 2^53+1 for method_id → 400 naming it, no payout (true paid with method 1)', async (t) => {
  const app = await build(t);
  const s = await signedIn(app, { min_payout: '1' });
  await app.repos.ledger.adjust({ partnerId: s.partner.id, amount: 50_00000000, reason: 'credit', at: 1 });
  const method = await makeMethod(app.repos);
  t.equal(method.id, 1);
  for (const value of ['true', '1.5', '1e309', '9007199254740993', '"0x1"', '"1e0"']) {
    const res = await app.inject({
      method: 'POST', url: '/api/payouts/', headers: { ...s.headers, 'content-type': 'application/json' },
      payload: `{"method_id":${value},"account":"T1","amount":"1"}`,
    });
    t.same([res.statusCode, res.json().errors], [400, { method_id: ['Must be integer.'] }], `method_id ${value}`);
  }
  t.same((await app.inject({ url: '/api/payouts/', headers: s.headers })).json().data, [], 'no payout requested');
  const digits = await app.inject({ method: 'POST', url: '/api/payouts/', headers: s.headers, payload: { method_id: '1', account: 'T1', amount: '1' } });
  t.equal(digits.statusCode, 201, 'a digit string is still an id');
});

t.test('a JSON value of another type where text, a yes/no or a list is expected → 400 naming the field, nothing changed (was coerced: true → "true", null → false)', async (t) => {
  const app = await build(t);
  const s = await signedIn(app, { min_payout: '1' });
  await app.repos.ledger.adjust({ partnerId: s.partner.id, amount: 50_00000000, reason: 'credit', at: 1 });
  await makeMethod(app.repos);
  const send = (method: 'POST' | 'PATCH', url: string, payload: string) => app.inject({ method, url, payload, headers: { ...s.headers, 'content-type': 'application/json' } });
  const link = (await send('POST', '/api/links/', '{"name":"Spring"}')).json();
  const hook = (await send('POST', '/api/webhooks/', '{"url":"https://hooks.example.com/rl"}')).json();
  const cases: Array<['POST' | 'PATCH', string, string, string, string]> = [
    ['POST', '/api/links/', '{"name":true}', 'name', 'Must be string.'],
    ['POST', '/api/links/', '{"code":9007199254740993}', 'code', 'Must be string.'],
    ['POST', '/api/links/', '{"target_url":{}}', 'target_url', 'Must be string.'],
    ['POST', '/api/links/', '{"visible_partner_ids":true}', 'visible_partner_ids', 'Must be array.'],
    ['POST', '/api/links/', '{"visible_partner_ids":[true]}', 'visible_partner_ids.0', 'Must be integer.'],
    ['PATCH', `/api/links/${link.code}/`, '{"name":1}', 'name', 'Must be string.'],
    ['POST', '/api/payouts/', '{"method_id":1,"account":41111111111111111111,"amount":"1"}', 'account', 'Must be string.'],
    ['POST', '/api/payouts/', '{"method_id":1,"account":"T1","amount":0.30000000000000004}', 'amount', 'Must be string.'],
    ['POST', '/api/payouts/', '{"method_id":1,"account":null,"amount":"1"}', 'account', 'Must not be null.'],
    ['PATCH', `/api/webhooks/${hook.id}/`, '{"enabled":null}', 'enabled', 'Must not be null.'],
    ['PATCH', `/api/webhooks/${hook.id}/`, '{"enabled":0}', 'enabled', 'Must be boolean.'],
    ['PATCH', `/api/webhooks/${hook.id}/`, '{"enabled":"no"}', 'enabled', 'Must be boolean.'],
    ['PATCH', `/api/webhooks/${hook.id}/`, '{"url":true}', 'url', 'Must be string.'],
    ['PATCH', `/api/webhooks/${hook.id}/`, '{"events":[1]}', 'events.0', 'Must be string.'],
    ['POST', '/api/auth/', `{"login":true,"password":"x"}`, 'login', 'Must be string.'],
  ];
  for (const [method, url, payload, field, message] of cases) {
    const res = await send(method, url, payload);
    t.same([res.statusCode, res.json()], [400, { detail: 'Bad request', code: 'ValidationError', errors: { [field]: [message] } }], `${method} ${url} ${payload}`);
  }
  const links = (await app.inject({ url: '/api/links/', headers: s.headers })).json().data;
  t.same(links.map((l: { name: string }) => l.name), ['Spring'], 'no link made or renamed');
  t.same((await app.inject({ url: '/api/payouts/', headers: s.headers })).json().data, [], 'no payout');
  t.equal((await app.inject({ url: '/api/webhooks/', headers: s.headers })).json().data[0].enabled, true, 'the webhook stays enabled');

  // What a client means still works: null clears a nullable field, a form sends text.
  t.equal((await send('PATCH', `/api/links/${link.code}/`, '{"name":null,"target_url":null}')).json().name, null);
  const form = await app.inject({ method: 'PATCH', url: `/api/webhooks/${hook.id}/`, headers: { ...s.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'enabled=false&events=payout.paid' });
  t.same([form.statusCode, form.json().enabled, form.json().events], [200, false, ['payout.paid']], 'a form\'s "false" and single event');
});
