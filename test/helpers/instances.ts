// Several app instances on one database, as behind a load balancer: one PostgreSQL schema when
// RATELINK_TEST_DATABASE_URL is set, else one SQLite file (WAL lets two connections share it).
import { join } from 'node:path';
import type { Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { testConfig } from './build.js';
import { createTestSchema, PG_TEST_URL } from './pg.js';

export async function instancesOnOneDatabase(t: Test, count: number, overrides: Partial<Config> = {}): Promise<FastifyInstance[]> {
  const schema = PG_TEST_URL ? await createTestSchema() : null;
  const database: Partial<Config> = schema
    ? { databaseUrl: schema.url, databasePoolSize: 4 }
    : { databaseUrl: null, dbPath: join(t.testdir(), 'shared.db') };
  const config = testConfig({ ...database, ...overrides });
  // The first migrates; then the others open a migrated database.
  const first = await buildApp(config);
  const rest = await Promise.all(Array.from({ length: count - 1 }, () => buildApp(config)));
  const apps = [first, ...rest];
  t.teardown(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await schema?.drop();
  });
  return apps;
}
