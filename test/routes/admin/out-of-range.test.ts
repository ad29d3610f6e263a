// Ids and integers beyond what the database holds (PostgreSQL's integer ids stop at 2^31 - 1,
// its bigint and SQLite's INTEGER at 2^63 - 1) are a 400 in the admin error shape, never a 500
// with the database's refusal in the log. Runs on PostgreSQL with RATELINK_TEST_DATABASE_URL.
import t from 'tap';
import type { InjectOptions } from 'fastify';
import { adminHeaders, build } from '../../helpers/build.js';
import { exchangeBody, makePartner } from '../../helpers/ledger-factory.js';

const TOO_BIG = ['2147483648', '9007199254740993', '99999999999999999999'];

t.test('admin API › an id or integer out of range → 400 naming it, nothing written', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await app.repos.ledger.adjust({ partnerId: partner.id, amount: 100_00000000, reason: 'seed', at: 1 });
  for (const n of TOO_BIG) {
    const requests: InjectOptions[] = [
      { method: 'GET', url: `/admin/partners/${n}` },
      { method: 'PATCH', url: `/admin/partners/${n}`, payload: { name: 'x' } },
      { method: 'GET', url: `/admin/partners/${n}/ledger` },
      { method: 'POST', url: `/admin/partners/${n}/adjustments`, payload: { amount: '1', reason: 'x' } },
      { method: 'POST', url: `/admin/partners/${n}/keys` },
      { method: 'GET', url: `/admin/partners/${n}/links` },
      { method: 'POST', url: `/admin/partners/${n}/invite` },
      { method: 'GET', url: `/admin/links?partner_id=${n}` },
      { method: 'GET', url: `/admin/payouts/${n}` },
      { method: 'POST', url: `/admin/payouts/${n}/pay` },
      { method: 'POST', url: `/admin/payouts/${n}/cancel` },
      { method: 'GET', url: `/admin/payouts?partner_id=${n}` },
      { method: 'POST', url: '/admin/payouts', payload: `{"partner_id":${n},"method_id":1,"account":"x"}` },
      { method: 'POST', url: '/admin/payouts', payload: `{"partner_id":${partner.id},"method_id":${n},"account":"x"}` },
      { method: 'DELETE', url: `/admin/payout-methods/${n}` },
      { method: 'GET', url: `/admin/exchanges/${n}` },
      { method: 'POST', url: `/admin/exchanges/${n}/approve` },
      { method: 'GET', url: `/admin/exchanges?partner_id=${n}` },
      { method: 'GET', url: `/admin/exchanges?from=${n}0000000000` },
      { method: 'GET', url: `/admin/exchanges?to=${n}0000000000` },
      { method: 'GET', url: `/admin/exchanges?offset=${n}0000000000` },
      { method: 'POST', url: '/admin/exchanges', payload: JSON.stringify(exchangeBody({ time: 1 })).replace('"time":1', `"time":${n}0000000000`) },
      { method: 'PATCH', url: `/admin/webhooks/${n}`, payload: { enabled: false } },
      { method: 'GET', url: `/admin/webhooks/${n}/deliveries` },
      { method: 'POST', url: `/admin/webhooks/${n}/replay`, payload: { from: 0, to: 1 } },
    ];
    for (const request of requests) {
      const headers = { ...adminHeaders, ...(typeof request.payload === 'string' ? { 'content-type': 'application/json' } : {}) };
      const res = await app.inject({ ...request, headers });
      const what = `${request.method} ${request.url} ${typeof request.payload === 'string' ? request.payload : ''}`;
      t.equal(res.statusCode, 400, what);
      t.equal(res.json().error?.code, 'RL_VALIDATION', what);
    }
  }
  t.equal((await app.repos.payouts.list({})).length, 0, 'no payout written');
  t.equal((await app.repos.exchanges.list({ limit: 10, offset: 0 })).length, 0, 'no exchange written');
  t.equal((await app.repos.partners.findById(partner.id))?.balance, 100_00000000, 'the balance is untouched');
});
