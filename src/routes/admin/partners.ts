import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createPartner, getPartner, partnerView, updatePartner } from '../../services/partners/partners.js';
import { partnerStats } from '../../services/partners/stats.js';
import { DecimalInput, IdParams } from '../../schemas/common.js';

const PartnerFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  status: Type.Union([Type.Literal('active'), Type.Literal('blocked')]),
  reward_percent: DecimalInput,
  reward_base: Type.Union([Type.Literal('amount'), Type.Literal('profit')]),
  reward_levels: Type.Union([Type.Array(Type.Object({ turnover: DecimalInput, percent: DecimalInput }, { additionalProperties: false }), { maxItems: 50 }), Type.Null()]),
  min_payout: DecimalInput,
  // The percent of each reward of its sub-partners the partner earns (docs/promotion-links.md).
  second_tier_percent: DecimalInput,
};

const CreateBody = Type.Object({
  ...PartnerFields,
  status: Type.Optional(PartnerFields.status),
  reward_base: Type.Optional(PartnerFields.reward_base),
  reward_levels: Type.Optional(PartnerFields.reward_levels),
  min_payout: Type.Optional(PartnerFields.min_payout),
  second_tier_percent: Type.Optional(PartnerFields.second_tier_percent),
}, { additionalProperties: false });
const PatchBody = Type.Partial(Type.Object(PartnerFields), { additionalProperties: false, minProperties: 1 });

export default async function partnerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos } = app;

  app.post('/partners', { schema: { body: CreateBody } }, async (request, reply) => {
    const row = await createPartner(repos, request.body);
    return reply.code(201).send(partnerView(row));
  });

  app.get('/partners', async () => ({ items: (await repos.partners.list()).map(partnerView) }));

  app.get('/partners/:id', { schema: { params: IdParams } }, async (request) => {
    const row = await getPartner(repos, request.params.id);
    return { ...partnerView(row), ...(await partnerStats(repos, row)) };
  });

  app.patch('/partners/:id', { schema: { params: IdParams, body: PatchBody } }, async (request) => {
    return partnerView(await updatePartner(repos, request.params.id, request.body));
  });
}
