// Demo mode (RATELINK_DEMO=1, the default): load the demo data once into an empty database,
// and keep the demo rates fresh as an exchange engine pushing rates would. Only on a database
// the demo created: anywhere else demo mode is refused (see guard.ts).
import type { FastifyInstance } from 'fastify';
import { touchAllDirections } from '../services/rates/directions.js';
import { checkDatabaseMode } from './guard.js';
import { loadDemoData } from './load.js';

const PUSH_EVERY_MS = 60_000;

/** Returns the welcome text (null when the data was loaded before) and a stop function. */
export async function bootstrapDemo(app: FastifyInstance): Promise<{ welcome: string | null; stop(): void }> {
  const kind = await checkDatabaseMode(app.repos, app.config);
  // Instances started together on one empty PostgreSQL database all find it empty: the one that
  // leads the jobs loads the data, once (two loads collided and left a half-doubled demo).
  const welcome = kind === 'empty' && await app.jobs.leads() ? (await loadDemoData(app)).welcome : null;
  return { welcome, stop: await keepDemoRatesFresh(app) };
}

/**
 * Without this the stale-rate guard would empty the demo feeds ten minutes after start. A job
 * of one instance (app.jobs): several demo instances on one PostgreSQL push once a minute, not
 * once each.
 */
async function keepDemoRatesFresh(app: FastifyInstance) {
  const push = () => touchAllDirections({ repos: app.repos, feedCache: app.feedCache });
  if (await app.jobs.leads()) await push();
  return app.jobs.every('demo rate push', PUSH_EVERY_MS, push);
}
