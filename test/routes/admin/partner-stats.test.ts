import t from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { addClick, exchangeBody, makeLink, makeMethod, makePartner } from '../../helpers/ledger-factory.js';

t.test('GET /admin/partners/:id › balance, totals and counts without bots or repeats', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10', min_payout: '0' });
  const other = await makePartner(app.repos);
  const link = await makeLink(app.repos, partner.id, 'STATS1');
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'visitor0101', time: 1_700_000_000 });
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'visitor0102', time: 1_700_000_001 });
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'visitor0101', time: 1_700_000_002, isRepeat: true });
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'googlebot01', time: 1_700_000_003, isBot: true });
  await addClick(app, { partnerId: other.id, linkId: (await makeLink(app.repos, other.id)).id, userHash: 'visitor0103', time: 1_700_000_004 });

  const report = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ ref_code: 'STATS1', ...body }) });
  await report({ external_id: 'a', reward_base_amount: '200' });
  await report({ external_id: 'b', reward_base_amount: '50' });
  await report({ external_id: 'b', reward_base_amount: '50', status: 'refunded' });
  await report({ external_id: 'c', status: 'pending' });
  const method = await makeMethod(app.repos);
  const payout = (amount: string) => app.inject({ method: 'POST', url: '/admin/payouts', headers: adminHeaders, payload: { partner_id: partner.id, method_id: method.id, account: 'U1', amount } });
  const paid = (await payout('7.5')).json().id;
  await app.inject({ method: 'POST', url: `/admin/payouts/${paid}/pay`, headers: adminHeaders });
  await payout('2.25');
  await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/adjustments`, headers: adminHeaders, payload: { amount: '0.01', reason: 'rounding goodwill' } });

  const res = await app.inject({ method: 'GET', url: `/admin/partners/${partner.id}`, headers: adminHeaders });
  t.equal(res.statusCode, 200);
  t.match(res.json(), {
    id: partner.id,
    name: partner.name,
    // earned 20 + 5 − 5 + 0.01; paid 7.5; 2.25 reserved by the pending payout.
    balance: '10.26',
    total_earned: '20.01',
    total_paid: '7.5',
    total_pending: '2.25',
    turnover: '200',
    current_percent: '10',
    clicks: 2,
    exchanges: 3,
    exchanges_success: 1,
  });
  const fresh = await app.inject({ method: 'GET', url: `/admin/partners/${other.id}`, headers: adminHeaders });
  t.match(fresh.json(), { balance: '0', total_earned: '0', total_paid: '0', clicks: 1, exchanges: 0 });
});
