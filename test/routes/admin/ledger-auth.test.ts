import t from 'tap';
import { build } from '../../helpers/build.js';
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
  for (const [method, url, payload] of ROUTES) {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', 'Basic dGVzdA==']) {
      const res = await app.inject({ method, url, payload, headers: authorization ? { authorization } : {} });
      t.equal(res.statusCode, 401, `${method} ${url} with ${authorization ?? 'no header'}`);
      t.equal(res.json().error.code, 'RL_UNAUTHORIZED');
    }
  }
  t.equal((await app.repos.partners.findById(partner.id))!.balance, 0);
  t.same(await app.repos.exchanges.list({ limit: 10, offset: 0 }), []);
  t.same(await app.repos.payoutMethods.listActive(), []);
});
