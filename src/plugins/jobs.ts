// `app.jobs`: periodic jobs that run on one instance at a time (src/services/jobs/periodic.ts);
// on SQLite, which one process serves, every job runs here as before. The retention job
// (src/services/jobs/retention.ts) is registered here: it belongs to no area.
import fp from 'fastify-plugin';
import { createJobs, type Jobs } from '../services/jobs/periodic.js';
import { pruneExpired, type Pruned } from '../services/jobs/retention.js';
import { CLICK_WINDOW_SECONDS } from '../services/referral/follow.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs;
  }
}

const RETENTION_EVERY_MS = 3600 * 1000;

export default fp(async function jobs(app) {
  const runner = createJobs(app.db.createJobLeader(), app.log);
  app.decorate('jobs', runner);
  app.addHook('onClose', async () => runner.close());
  const rules = { clickWindowSeconds: CLICK_WINDOW_SECONDS, eventDays: app.config.eventRetentionDays };
  runner.every('retention', RETENTION_EVERY_MS, async () => {
    const pruned = await pruneExpired(app.repos, rules, Math.floor(Date.now() / 1000));
    if (Object.values(pruned).some((n) => n > 0)) app.log.info({ pruned } satisfies { pruned: Pruned }, 'expired rows deleted');
  });
}, { name: 'jobs', dependencies: ['config', 'database'] });
