import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createFeed, feedView, updateFeed } from '../../services/feeds/feeds.js';

const FeedBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  dialect: Type.Optional(Type.Union([Type.Literal('classic'), Type.Literal('eref11')])),
  options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: false });

const FeedPatchBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  dialect: Type.Optional(Type.Union([Type.Literal('classic'), Type.Literal('eref11')])),
  options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });

export default async function feedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;

  app.post('/feeds', { schema: { body: FeedBody } }, async (request, reply) => {
    return reply.code(201).send(await createFeed(repos, config, request.body, app.feedCache));
  });

  app.get('/feeds', async () => ({ items: (await repos.feeds.list()).map((row) => feedView(config, row)) }));

  app.patch('/feeds/:code', { schema: { params: CodeParams, body: FeedPatchBody } }, async (request) => {
    return updateFeed(repos, config, request.params.code, request.body, app.feedCache);
  });

  // Never deleted: the code stays reserved and its statistics kept. DELETE disables it.
  app.delete('/feeds/:code', { schema: { params: CodeParams } }, async (request) => {
    return updateFeed(repos, config, request.params.code, { enabled: false }, app.feedCache);
  });
}
