import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { issueApiKey, listApiKeys, revokeApiKey } from '../../services/partners/api-keys.js';
import { IdParams, NoContent } from '../../schemas/common.js';
import { getPartner } from '../../services/partners/partners.js';
import { ApiKeyList, IssuedKeyReply, KeyPrefixParams } from '../../schemas/partners.js';

export default async function keyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos } = app;

  // The key is in this response only; ratelink keeps its hash.
  app.post('/partners/:id/keys', { schema: { params: IdParams, response: { 201: IssuedKeyReply } } }, async (request, reply) => {
    return reply.code(201).send(await issueApiKey(repos, request.params.id));
  });

  app.get('/partners/:id/keys', { schema: { params: IdParams, response: { 200: ApiKeyList } } }, async (request) => {
    // A mistyped id is a 404 (as its links), not an empty list that reads "no keys".
    await getPartner(repos, request.params.id);
    return { items: await listApiKeys(repos, request.params.id) };
  });

  app.delete('/keys/:prefix', { schema: { params: KeyPrefixParams, response: { 204: NoContent } } }, async (request, reply) => {
    await revokeApiKey(repos, request.params.prefix, Math.floor(Date.now() / 1000));
    return reply.code(204).send(null);
  });
}
