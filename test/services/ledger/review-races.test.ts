// An approval and a refund of the same flagged exchange decided at the same moment: whichever
// commits first, the other must see it. Each test replays one interleaving deterministically,
// by handing one side the row as it was read before the other side committed.
import t, { type Test } from 'tap';
import type { Repos, TxRepos } from '../../../src/db/repos.js';
import { adminHeaders, build } from '../../helpers/build.js';
import { exchangeBody, makeLink, makePartner } from '../../helpers/ledger-factory.js';
import { reviewExchange } from '../../../src/services/ledger/exchange-review.js';
import { reportExchange } from '../../../src/services/ledger/exchanges.js';
import type { ExchangeReportInput } from '../../../src/services/ledger/exchange-input.js';

const refundReport = exchangeBody({ external_id: 'x1', ref_code: 'RADAR24', status: 'refunded' }) as ExchangeReportInput;

/** A successful exchange flagged as a self-referral (the customer's email is the partner's). */
async function flagged(t: Test) {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10', email: 'self@partner.example' });
  await makeLink(app.repos, partner.id, 'RADAR24');
  const res = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders,
    payload: exchangeBody({ external_id: 'x1', ref_code: 'RADAR24', customer_email: 'self@partner.example' }) });
  t.match(res.json(), { flag: 'self_referral', reward: '0', status: 'success' });
  const row = (await app.repos.exchanges.findById(res.json().id))!;
  const ledger = async () => (await app.repos.ledger.listByPartner(partner.id)).map((e) => [e.kind, e.amount]);
  const balance = async () => (await app.repos.partners.findById(partner.id))!.balance;
  const config = { ...app.config, visitors: app.visitors };
  return { app, partner, row, ledger, balance, config };
}

t.test('approve that read the exchange before a refund committed: refused, nothing credited to a refunded exchange', async (t) => {
  const { app, row, ledger, balance, config } = await flagged(t);
  const refund = await reportExchange(app.repos, config, refundReport, 1);
  t.equal(refund.exchange.status, 'refunded');
  // The approval read the row while it was still a success.
  let reads = 0;
  const stale: Repos = { ...app.repos, exchanges: { ...app.repos.exchanges, findById: async (id) => reads++ === 0 ? row : app.repos.exchanges.findById(id) } };
  await t.rejects(reviewExchange(stale, app.config, row.id, 'approved', 'alice', 2), { statusCode: 422, message: /refunded/ });
  t.same(await ledger(), [], 'no reward entry for a refunded exchange');
  t.equal(await balance(), 0);
  t.match(await app.repos.exchanges.findById(row.id), { status: 'refunded', review: null, reward: 0 });
});

t.test('refund that read the exchange before an approval committed: the approved reward is reversed', async (t) => {
  const { app, row, ledger, balance, config } = await flagged(t);
  const approved = await reviewExchange(app.repos, app.config, row.id, 'approved', 'alice', 2);
  t.equal(approved.reward, 1_000_000_000);
  // The refund's first read inside its transaction saw the row before the approval.
  let first = true;
  const racing: Repos = {
    ...app.repos,
    transaction: (work) => app.repos.transaction((tx) => {
      if (!first) return work(tx);
      first = false;
      const staleTx: TxRepos = { ...tx, exchanges: { ...tx.exchanges, findByExternalId: async () => row } };
      return work(staleTx);
    }),
  };
  const refund = await reportExchange(racing, config, refundReport, 3);
  t.equal(refund.exchange.status, 'refunded');
  t.same(await ledger(), [['reversal', -1_000_000_000], ['reward', 1_000_000_000]]);
  t.equal(await balance(), 0, 'the refund claws back what the approval credited');
});
