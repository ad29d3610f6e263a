import type { FastifyInstance } from 'fastify';

// Filled in by the issue that owns this area.
export default async function refRoutes(app: FastifyInstance) {
  void app;
}
