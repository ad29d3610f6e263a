import type { FastifyInstance } from 'fastify';

// Filled in by the issue that owns this area.
export default async function directionRoutes(app: FastifyInstance) {
  void app;
}
