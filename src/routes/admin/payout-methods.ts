// Payout methods offered to partners (get_info items, add_payout method_id).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createPayoutMethod, deletePayoutMethod, payoutMethodView } from '../../services/ledger/payout-methods.js';
import { PayoutMethodBody, PayoutMethodList, PayoutMethodReply } from '../../schemas/ledger.js';
import { IdParams, NoContent } from '../../schemas/common.js';

export default async function payoutMethodRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos } = app;

  app.post('/payout-methods', { schema: { body: PayoutMethodBody, response: { 201: PayoutMethodReply } } }, async (request, reply) => {
    return reply.code(201).send(await createPayoutMethod(repos, request.body));
  });

  app.get('/payout-methods', { schema: { response: { 200: PayoutMethodList } } }, async () => {
    return { items: (await repos.payoutMethods.listActive()).map(payoutMethodView) };
  });

  // A soft delete: partners can no longer choose it; existing payouts keep their method.
  app.delete('/payout-methods/:id', { schema: { params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
    await deletePayoutMethod(repos, request.params.id, Math.floor(Date.now() / 1000));
    return reply.code(204).send(null);
  });
}
