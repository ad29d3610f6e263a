// A partner's payout or webhook id beyond what the database holds (PostgreSQL's integer ids stop
// at 2^31 - 1) is a validation error in each API's own format, never its internal error.
// Runs on PostgreSQL with RATELINK_TEST_DATABASE_URL.
import t from 'tap';
import { build } from '../helpers/build.js';
import { signedIn } from '../helpers/rest-api.js';
import { callApi, makePartner } from '../helpers/partner-api.js';
import { Browser, partnerWithAccount } from '../helpers/cabinet.js';
import { adjustBalance } from '../../src/services/ledger/entries.js';

const TOO_BIG = ['2147483648', '9007199254740991'];

t.test('REST API › payout, method, webhook and event ids out of range → 400 ValidationError', async (t) => {
  const app = await build(t);
  const { headers } = await signedIn(app);
  for (const n of TOO_BIG) {
    for (const [url, payload] of [
      [`/api/payouts/${n}/cancel/`, undefined],
      ['/api/payouts/', `{"method_id":${n},"account":"x"}`],
      [`/api/webhooks/${n}/rotate-secret/`, undefined],
      [`/api/webhooks/${n}/replay/`, '{"from":0,"to":1}'],
    ] as const) {
      const res = await app.inject({ method: 'POST', url, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) }, payload });
      t.equal(res.statusCode, 400, `${url} ${payload ?? ''}`);
      t.equal(res.json().code, 'ValidationError', url);
    }
  }
});

t.test('api.php › cancel_payout payout_id and add_payout method_id out of range → error 5, not 99', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar');
  for (const n of TOO_BIG) {
    for (const [method, params] of [['cancel_payout', { payout_id: n }], ['add_payout', { method_id: n, account: 'x' }]] as const) {
      const res = await callApi(app, apiKey, method, params);
      t.match(res.json(), { status: 'error', error: 5, error_text: new RegExp(`^Invalid ${Object.keys(params)[0]}: `) }, `${method} ${n}`);
    }
  }
});

t.test('cabinet › a payout id or method_id out of range → 404 page / the method field\'s error, not the 500 page', async (t) => {
  const app = await build(t);
  const me = await partnerWithAccount(app);
  await adjustBalance(app.repos, me.id, { amount: '100', reason: 'bonus' }, Math.floor(Date.now() / 1000));
  await app.repos.payoutMethods.insert({ title: 'Perfect Money', currency: 'USD', commission: '0' });
  const b = new Browser(app);
  await b.signIn(me.email, me.password);
  await b.get('/partner/payouts');
  for (const n of TOO_BIG) {
    t.equal((await b.post(`/partner/payouts/${n}/cancel`)).statusCode, 404, `cancel ${n}`);
    const request = await b.post('/partner/payouts', { method_id: n, amount: '10', account: 'U123' });
    t.equal(request.statusCode, 400, `method_id ${n}`);
    t.match(request.body, /id="f-method_id-error"/);
  }
});
