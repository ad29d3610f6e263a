import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { issueApiKey, listApiKeys, revokeApiKey } from '../../services/partners/api-keys.js';
import { IdParams } from '../../schemas/common.js';

export default async function keyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos } = app;

  // The key is in this response only; ratelink keeps its hash.
  app.post('/partners/:id/keys', { schema: { params: IdParams } }, async (request, reply) => {
    return reply.code(201).send(await issueApiKey(repos, request.params.id));
  });

  app.get('/partners/:id/keys', { schema: { params: IdParams } }, async (request) => {
    return { items: await listApiKeys(repos, request.params.id) };
  });

  app.delete('/keys/:prefix', {
    schema: { params: Type.Object({ prefix: Type.String({ pattern: '^[A-Za-z0-9]{8}$' }) }) },
  }, async (request, reply) => {
    await revokeApiKey(repos, request.params.prefix, Math.floor(Date.now() / 1000));
    return reply.code(204).send();
  });
}
