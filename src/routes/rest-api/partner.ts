// GET /api/partner/summary/: the seed's own check that a token works, and the partner's figures.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { partnerSummary } from '../../services/reports/summary.js';
import { AUTH_ERRORS, PeriodQuery, SECURED, VALIDATION_ERROR } from '../../schemas/rest-api/common.js';
import { SummaryReply } from '../../schemas/rest-api/partner.js';
import type { RestApiClock } from './auth.js';
import { periodOf } from './period.js';

export async function partnerRoutes(fastify: FastifyInstance, { clock }: { clock: RestApiClock }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/partner/summary/', {
    schema: {
      tags: ['partner'], summary: 'The partner\'s balance and figures',
      description: 'Balance, earned, paid, pending payouts, the reward percent now, and clicks, exchanges and conversion '
        + 'for all time and for a period (`from`, `to`, unix seconds; default the last 30 days).',
      security: SECURED, querystring: Type.Object(PeriodQuery), response: { 200: SummaryReply, ...VALIDATION_ERROR, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const now = clock.now();
    return partnerSummary(app.repos, request.partnerId, periodOf(request.query, now), now);
  });
}
