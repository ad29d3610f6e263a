import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createLink, getPartner } from '../../services/partners/partners.js';
import { CodeParams, IdParams } from '../../schemas/common.js';
import { AdminLinkList, AdminLinkReply, LinkBody, LinkList, LinkPatchBody, LinkQuery, LinkReply } from '../../schemas/partners.js';
import { listLinks, updateLink } from '../../services/referral/links-admin.js';

const unixNow = () => Math.floor(Date.now() / 1000);

export default async function linkRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;

  app.post('/partners/:id/links', { schema: { params: IdParams, body: LinkBody, response: { 201: LinkReply } } }, async (request, reply) => {
    return reply.code(201).send(await createLink(repos, config, request.params.id, request.body));
  });

  app.get('/partners/:id/links', { schema: { params: IdParams, response: { 200: LinkList } } }, async (request) => {
    await getPartner(repos, request.params.id);
    return { items: await listLinks(repos, config, request.params.id) };
  });

  app.get('/links', { schema: { querystring: LinkQuery, response: { 200: AdminLinkList } } }, async (request) => ({
    items: await listLinks(repos, config, request.query.partner_id),
  }));

  app.patch('/links/:code', { schema: { params: CodeParams, body: LinkPatchBody, response: { 200: AdminLinkReply } } }, async (request) => {
    return updateLink(repos, config, request.params.code, request.body, unixNow());
  });

  // Never deleted: clicks and exchanges keep their link. DELETE disables it.
  app.delete('/links/:code', { schema: { params: CodeParams, response: { 200: AdminLinkReply } } }, async (request) => {
    return updateLink(repos, config, request.params.code, { disabled: true }, unixNow());
  });
}
