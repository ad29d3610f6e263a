// `app.attempts`: the attempt counters (src/services/limits/attempt-counter.ts) that sign-in
// and other throttles share. One process's memory, or Redis when RATELINK_REDIS_URL is set, so
// that several instances add to one count (docs/scaling.md); no caller changes.
import fp from 'fastify-plugin';
import { createMemoryAttemptCounter, type AttemptCounter } from '../services/limits/attempt-counter.js';
import { createRedisAttemptCounter } from '../services/limits/redis-attempt-counter.js';

declare module 'fastify' {
  interface FastifyInstance {
    attempts: AttemptCounter;
  }
}

export default fp(async function attempts(app) {
  const counter = app.redis ? createRedisAttemptCounter(app.redis, app.config.redisKeyPrefix) : createMemoryAttemptCounter();
  app.decorate('attempts', counter);
  app.addHook('onClose', async () => { await counter.close(); });
}, { name: 'attempts', dependencies: ['config', 'redis'] });
