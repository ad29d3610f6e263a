// The database: opened from the configuration (migrations applied), decorated as `db` (the
// engine-neutral Database) and `repos`, closed after every plugin that depends on it.
import fp from 'fastify-plugin';
import type { Database } from '../db/database.js';
import type { Repos } from '../db/repos.js';
import { openSqliteDatabase } from '../db/sqlite/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    repos: Repos;
  }
}

export default fp(async function database(app) {
  const opened: Database = openSqliteDatabase(app.config.dbPath);
  app.decorate('db', opened);
  app.decorate('repos', opened.repos);
  app.addHook('onClose', async () => opened.close());
}, { name: 'database', dependencies: ['config'] });
