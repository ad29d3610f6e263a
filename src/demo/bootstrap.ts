import type { FastifyInstance } from 'fastify';

// Filled in by the foundation: loads the demo data on an empty database and returns the welcome text.
export async function bootstrapDemo(app: FastifyInstance): Promise<string | null> {
  void app;
  return null;
}
