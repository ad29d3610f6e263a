import t from 'tap';
import { ADMIN_TOKEN, build } from '../../helpers/build.js';
import { exchangeBody, makePartner } from '../../helpers/ledger-factory.js';

const ROUTES: Array<[method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object]> = [
  ['POST', '/admin/exchanges', exchangeBody()],
  ['GET', '/admin/exchanges'],
  ['POST', '/admin/payout-methods', { title: 'PM', currency: 'PMUSD' }],
  ['GET', '/admin/payout-methods'],
  ['DELETE', '/admin/payout-methods/1'],
  ['GET', '/admin/payouts'],
  ['GET', '/admin/payouts/1'],
  ['POST', '/admin/payouts', { partner_id: 1, method_id: 1, account: 'x' }],
  ['POST', '/admin/payouts/1/pay'],
  ['POST', '/admin/payouts/1/cancel'],
  ['POST', '/admin/partners/1/adjustments', { amount: '100', reason: 'x' }],
  ['GET', '/admin/partners/1/ledger'],
];

t.test('admin ledger routes › 401 without a valid Bearer token, and nothing is written', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos);
  for (const [i, [method, url, payload]] of ROUTES.entries()) {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', 'Basic dGVzdA==']) {
      // One address per route: wrong tokens from one address are throttled (see below).
      const res = await app.inject({ method, url, payload, headers: authorization ? { authorization } : {}, remoteAddress: `10.0.0.${i + 1}` });
      t.equal(res.statusCode, 401, `${method} ${url} with ${authorization ?? 'no header'}`);
      t.equal(res.json().error.code, 'RL_UNAUTHORIZED');
    }
  }
  t.equal((await app.repos.partners.findById(partner.id))!.balance, 0);
  t.same(await app.repos.exchanges.list({ limit: 10, offset: 0 }), []);
  t.same(await app.repos.payoutMethods.listActive(), []);
});

t.test('admin API › after 10 wrong tokens from an IP even the right token gets 429 for a minute; other IPs are not affected', async (t) => {
  const app = await build(t);
  const as = (remoteAddress: string, token: string) =>
    app.inject({ method: 'GET', url: '/admin/payouts', headers: { authorization: `Bearer ${token}` }, remoteAddress });
  for (let i = 0; i < 10; i++) t.equal((await as('203.0.113.5', `wrong-token-${i}`)).statusCode, 401);
  const locked = await as('203.0.113.5', ADMIN_TOKEN);
  t.equal(locked.statusCode, 429);
  t.equal(locked.json().error.code, 'RL_TOO_MANY_FAILURES');
  t.equal(locked.headers['retry-after'], '60');
  t.equal((await as('198.51.100.8', ADMIN_TOKEN)).statusCode, 200, 'the operator elsewhere still works');
  t.equal((await app.inject({ method: 'GET', url: '/admin/payouts', remoteAddress: '198.51.100.9' })).statusCode, 401);
});

t.test('admin API › 40 wrong tokens sent at once from one IP: 10 are checked, the rest get 429', async (t) => {
  const app = await build(t);
  const burst = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    app.inject({ method: 'GET', url: '/admin/payouts', headers: { authorization: `Bearer wrong-token-${i}` }, remoteAddress: '203.0.113.6' })));
  t.equal(burst.filter((res) => res.statusCode === 401).length, 10, 'ten guesses, not forty');
  t.equal(burst.filter((res) => res.statusCode === 429).length, 30);
  const right = await Promise.all(Array.from({ length: 15 }, () =>
    app.inject({ method: 'GET', url: '/admin/payouts', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, remoteAddress: '198.51.100.20' })));
  t.same(right.map((res) => res.statusCode), Array(15).fill(200), 'the right token at once is never throttled');
});
