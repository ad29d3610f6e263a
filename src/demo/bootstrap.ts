// Demo mode (RATELINK_DEMO=1, the default): on an empty database, load the demo data once.
import type { FastifyInstance } from 'fastify';
import { loadDemoData } from './load.js';

export async function bootstrapDemo(app: FastifyInstance): Promise<string | null> {
  if ((await app.repos.partners.count()) > 0) return null;
  return (await loadDemoData(app)).welcome;
}
