// The event delivery worker (src/services/events/worker.ts): every second it sends what is due.
// Every instance runs one; the database hands each delivery to one of them.
import fp from 'fastify-plugin';
import { drain, type WorkerDeps } from '../services/events/worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    eventDelivery: {
      /** Sends everything due now (the timer's work, also for tests); resolves with the attempts made. */
      runNow(): Promise<number>;
    };
  }
}

const INTERVAL_MS = 1000;

export default fp(async function events(app) {
  const { config } = app;
  const bounds = { timeoutMs: config.webhookTimeout * 1000, maxResponseBytes: 64 * 1024 };
  const deps: WorkerDeps = {
    repos: app.repos,
    // The operator's allowlist opens its own network to its own endpoints only, never to a partner's.
    policy: { allowHosts: config.webhookAllowHosts, ...bounds },
    partnerPolicy: { allowHosts: config.partnerWebhookAllowHosts, ...bounds },
    disableAfter: config.webhookDisableAfter,
    // One attempt lasts at most the timeout; the margin covers recording its outcome.
    leaseSeconds: config.webhookTimeout + 15,
    now: () => Math.floor(Date.now() / 1000),
    onAttempt: app.metrics?.deliveryObserver,
  };
  let running: Promise<number> | null = null;
  let closing = false;
  const runNow = () => (running ??= drain(deps, undefined, () => closing).finally(() => { running = null; }));
  let timer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    timer = setInterval(() => { runNow().catch((err: unknown) => app.log.error({ err }, 'event delivery failed')); }, INTERVAL_MS).unref();
  });
  app.addHook('onClose', async () => {
    closing = true;
    if (timer) clearInterval(timer);
    await running?.catch(() => {});
  });
  app.decorate('eventDelivery', { runNow });
}, { name: 'events', dependencies: ['config', 'database', 'metrics'] });
