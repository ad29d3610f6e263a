import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createLink, getPartner, linkView } from '../../services/partners/partners.js';
import { IdParams } from '../../schemas/common.js';

const LinkBody = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 64 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });

export default async function linkRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;

  app.post('/partners/:id/links', { schema: { params: IdParams, body: LinkBody } }, async (request, reply) => {
    return reply.code(201).send(await createLink(repos, config, request.params.id, request.body));
  });

  app.get('/partners/:id/links', { schema: { params: IdParams } }, async (request) => {
    await getPartner(repos, request.params.id);
    const rows = await repos.links.listByPartner(request.params.id);
    return { items: rows.map((row) => linkView(config, row)) };
  });
}
