// Payouts as the operator sees and settles them, and the balance corrections of the ledger.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { payoutView } from '../../services/ledger/views.js';
import { adjustBalance, listLedger } from '../../services/ledger/entries.js';
import { cancelPayout, getPayout, listPayouts, payPayout, PAYOUT_STATUS_GROUPS, readPayoutAmount, requestPayout } from '../../services/ledger/payouts.js';
import {
  AdjustmentBody, AdjustmentReply, LedgerQuery, LedgerReply, PayBody, PayoutBody, PayoutList, PayoutQuery, PayoutReply,
} from '../../schemas/ledger.js';
import { IdParams } from '../../schemas/common.js';

const now = () => Math.floor(Date.now() / 1000);

export default async function payoutRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos } = app;

  app.get('/payouts', {
    schema: { querystring: PayoutQuery, response: { 200: PayoutList } },
  }, async (request) => {
    const { status, partner_id: partnerId, limit, offset } = request.query;
    const views = await listPayouts(repos, { partnerId, statuses: status ? PAYOUT_STATUS_GROUPS[status] : undefined, limit, offset });
    return { items: views.map(payoutView) };
  });

  app.get('/payouts/:id', { schema: { params: IdParams, response: { 200: PayoutReply } } }, async (request) => {
    return payoutView(await getPayout(repos, request.params.id));
  });

  // The operator creates a payout for a partner, as add_payout does for the partner itself.
  app.post('/payouts', { schema: { body: PayoutBody, response: { 201: PayoutReply } } }, async (request, reply) => {
    const { partner_id: partnerId, method_id: methodId, account, amount } = request.body;
    const view = await requestPayout(repos, { partnerId, methodId, account, amount: readPayoutAmount(amount) }, now());
    return reply.code(201).send(payoutView(view));
  });

  app.post('/payouts/:id/pay', {
    schema: { params: IdParams, body: PayBody, response: { 200: PayoutReply } },
  }, async (request) => {
    return payoutView(await payPayout(repos, request.params.id, now(), request.body.tx_ref));
  });

  app.post('/payouts/:id/cancel', { schema: { params: IdParams, response: { 200: PayoutReply } } }, async (request) => {
    return payoutView(await cancelPayout(repos, request.params.id, 'operator', now()));
  });

  app.post('/partners/:id/adjustments', {
    schema: { params: IdParams, body: AdjustmentBody, response: { 201: AdjustmentReply } },
  }, async (request, reply) => {
    return reply.code(201).send(await adjustBalance(repos, request.params.id, request.body, now()));
  });

  app.get('/partners/:id/ledger', {
    schema: { params: IdParams, querystring: LedgerQuery, response: { 200: LedgerReply } },
  }, async (request) => listLedger(repos, request.params.id, request.query));
}
