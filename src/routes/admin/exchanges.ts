// POST /admin/exchanges: the engine reports an exchange (idempotent on external_id);
// GET /admin/exchanges lists them with the reward and any fraud flag; a flagged one is
// approved (its reward credited) or rejected under /admin/exchanges/:id/.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { reportExchange } from '../../services/ledger/exchanges.js';
import { exchangeView } from '../../services/ledger/views.js';
import { checkNumericExternalId } from '../../services/ledger/exchange-input.js';
import { ExchangeBody, ExchangeList, ExchangeQuery, ExchangeReply, ReviewBody } from '../../schemas/ledger.js';
import { getExchange, reviewExchange } from '../../services/ledger/exchange-review.js';
import { IdParams } from '../../schemas/common.js';

export default async function exchangeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;

  app.post('/exchanges', {
    schema: { body: ExchangeBody, response: { 200: ExchangeReply, 201: ExchangeReply } },
    preValidation: async (request) => checkNumericExternalId(request.body),
  }, async (request, reply) => {
    const { created, exchange } = await reportExchange(repos, { ...config, visitors: app.visitors }, request.body, Math.floor(Date.now() / 1000));
    return reply.code(created ? 201 : 200).send(exchangeView(exchange));
  });

  app.get('/exchanges', {
    schema: { querystring: ExchangeQuery, response: { 200: ExchangeList } },
  }, async (request) => {
    const q = request.query;
    const rows = await repos.exchanges.list({
      partnerId: q.partner_id, status: q.status, from: q.from, to: q.to, flagged: q.flagged, review: q.review, limit: q.limit, offset: q.offset,
    });
    return { items: rows.map(exchangeView) };
  });

  app.get('/exchanges/:id', { schema: { params: IdParams, response: { 200: ExchangeReply } } }, async (request) => {
    return exchangeView(await getExchange(repos, request.params.id));
  });

  for (const [action, decision] of [['approve', 'approved'], ['reject', 'rejected']] as const) {
    app.post(`/exchanges/:id/${action}`, {
      schema: { params: IdParams, body: ReviewBody, response: { 200: ExchangeReply } },
    }, async (request) => {
      const row = await reviewExchange(repos, config, request.params.id, decision, request.body.by ?? 'admin-api', Math.floor(Date.now() / 1000));
      return exchangeView(row);
    });
  }
}
