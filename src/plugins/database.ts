// The database (SQLite, or PostgreSQL for a postgres:// RATELINK_DATABASE_URL), opened from the
// configuration with its migrations applied, decorated as `db` (the engine-neutral Database)
// and `repos`, closed after every plugin that depends on it.
import fp from 'fastify-plugin';
import type { Database } from '../db/database.js';
import type { Repos } from '../db/repos.js';
import { connectDatabase } from '../db/connect.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    repos: Repos;
  }
}

export default fp(async function database(app) {
  const opened: Database = await connectDatabase(app.config);
  app.decorate('db', opened);
  app.decorate('repos', opened.repos);
  app.addHook('onClose', async () => opened.close());
}, { name: 'database', dependencies: ['config'] });
