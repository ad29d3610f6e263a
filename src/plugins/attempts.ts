// `app.attempts`: the attempt counters (src/services/limits/attempt-counter.ts) that sign-in
// and other throttles share. One process's memory today; with several instances the store
// is shared (docs/scaling.md), and no caller changes.
import fp from 'fastify-plugin';
import { createMemoryAttemptCounter, type AttemptCounter } from '../services/limits/attempt-counter.js';

declare module 'fastify' {
  interface FastifyInstance {
    attempts: AttemptCounter;
  }
}

export default fp(async function attempts(app) {
  const counter = createMemoryAttemptCounter();
  app.decorate('attempts', counter);
  app.addHook('onClose', async () => { await counter.close(); });
}, { name: 'attempts', dependencies: ['config'] });
