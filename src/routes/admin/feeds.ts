import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createFeed, feedView, updateFeed } from '../../services/feeds/feeds.js';
import { CodeParams } from '../../schemas/common.js';
import { FeedBody, FeedList, FeedPatchBody, FeedReply } from '../../schemas/feeds.js';

export default async function feedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;

  app.post('/feeds', { schema: { body: FeedBody, response: { 201: FeedReply } } }, async (request, reply) => {
    return reply.code(201).send(await createFeed(repos, config, request.body, app.feedCache));
  });

  app.get('/feeds', { schema: { response: { 200: FeedList } } }, async () => ({ items: (await repos.feeds.list()).map((row) => feedView(config, row)) }));

  app.patch('/feeds/:code', { schema: { params: CodeParams, body: FeedPatchBody, response: { 200: FeedReply } } }, async (request) => {
    return updateFeed(repos, config, request.params.code, request.body, app.feedCache);
  });

  // Never deleted: the code stays reserved and its statistics kept. DELETE disables it.
  app.delete('/feeds/:code', { schema: { params: CodeParams, response: { 200: FeedReply } } }, async (request) => {
    return updateFeed(repos, config, request.params.code, { enabled: false }, app.feedCache);
  });
}
