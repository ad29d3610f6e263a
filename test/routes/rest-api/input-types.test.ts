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
