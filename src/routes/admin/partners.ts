import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createPartner, getPartner, partnerView, updatePartner } from '../../services/partners/partners.js';
import { partnerStats } from '../../services/partners/stats.js';
import { IdParams } from '../../schemas/common.js';
import { PartnerCreateBody, PartnerDetailReply, PartnerList, PartnerPatchBody, PartnerReply } from '../../schemas/partners.js';

export default async function partnerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos } = app;

  app.post('/partners', { schema: { body: PartnerCreateBody, response: { 201: PartnerReply } } }, async (request, reply) => {
    const row = await createPartner(repos, request.body);
    return reply.code(201).send(partnerView(row));
  });

  app.get('/partners', { schema: { response: { 200: PartnerList } } }, async () => ({ items: (await repos.partners.list()).map(partnerView) }));

  app.get('/partners/:id', { schema: { params: IdParams, response: { 200: PartnerDetailReply } } }, async (request) => {
    const row = await getPartner(repos, request.params.id);
    return { ...partnerView(row), ...(await partnerStats(repos, row)) };
  });

  app.patch('/partners/:id', { schema: { params: IdParams, body: PartnerPatchBody, response: { 200: PartnerReply } } }, async (request) => {
    return partnerView(await updatePartner(repos, request.params.id, request.body));
  });
}
