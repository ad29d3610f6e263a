import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createLink, getPartner } from '../../services/partners/partners.js';
import { IdParams } from '../../schemas/common.js';
import { listLinks, updateLink } from '../../services/referral/links-admin.js';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
const LinkPatchBody = Type.Object({
  name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  disabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
const LinkQuery = Type.Object({ partner_id: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
const unixNow = () => Math.floor(Date.now() / 1000);

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
    return { items: await listLinks(repos, config, request.params.id) };
  });

  app.get('/links', { schema: { querystring: LinkQuery } }, async (request) => ({
    items: await listLinks(repos, config, request.query.partner_id),
  }));

  app.patch('/links/:code', { schema: { params: CodeParams, body: LinkPatchBody } }, async (request) => {
    return updateLink(repos, config, request.params.code, request.body, unixNow());
  });

  // Never deleted: clicks and exchanges keep their link. DELETE disables it.
  app.delete('/links/:code', { schema: { params: CodeParams } }, async (request) => {
    return updateLink(repos, config, request.params.code, { disabled: true }, unixNow());
  });
}
