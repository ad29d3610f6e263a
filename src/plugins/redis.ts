// `app.redis`: the instance's Redis connection when RATELINK_REDIS_URL is set (the shared
// limits of several instances, docs/scaling.md), null otherwise: everything then counts in
// this process, as one instance needs. Closed after every plugin that uses it.
import fp from 'fastify-plugin';
import { closeRedis, openRedis, type Redis } from '../services/limits/redis-client.js';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis | null;
  }
}

export default fp(async function redis(app) {
  const url = app.config.redisUrl;
  const client = url ? await openRedis(url, app.log) : null;
  app.decorate('redis', client);
  if (client) app.addHook('onClose', async () => closeRedis(client));
}, { name: 'redis', dependencies: ['config'] });
