// `app.jobs`: periodic jobs that run on one instance at a time (src/services/jobs/periodic.ts);
// on SQLite, which one process serves, every job runs here as before.
import fp from 'fastify-plugin';
import { createJobs, type Jobs } from '../services/jobs/periodic.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs;
  }
}

export default fp(async function jobs(app) {
  const runner = createJobs(app.db.createJobLeader(), app.log);
  app.decorate('jobs', runner);
  app.addHook('onClose', async () => runner.close());
}, { name: 'jobs', dependencies: ['database'] });
