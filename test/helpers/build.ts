// Every test gets its own app on a fresh database with the real migrations: in memory on
// SQLite, or a schema of its own on PostgreSQL when RATELINK_TEST_DATABASE_URL is set, empty
// as a new one (helpers/pg.ts).
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import type { ServerOptions } from '../../src/server-options.js';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { PG_TEST_URL, takeTestSchema } from './pg.js';
import { createTestPrefix, REDIS_FOR_EVERY_APP, REDIS_TEST_URL } from './redis.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789-abcdefghij';
export const JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijkl';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: ADMIN_TOKEN, RATELINK_JWT_SECRET: JWT_SECRET, RATELINK_SITE_URL: 'http://localhost:3000' }),
    dbPath: ':memory:',
    logLevel: 'silent',
    // scrypt at N=2^10: the same code path as production's 2^17, a thousandth of the time.
    passwordCost: 10,
    ...overrides,
  };
}

export async function build(t: Test, overrides: Partial<Config> = {}, options: ServerOptions = {}) {
  // A test that names its own SQLite file is about that file: it stays on SQLite.
  const schema = PG_TEST_URL && overrides.dbPath === undefined ? await takeTestSchema() : null;
  // With RATELINK_TEST_REDIS_URL set, limits and attempt counters run on Redis, a prefix per app.
  const redis = REDIS_FOR_EVERY_APP && overrides.redisUrl === undefined ? createTestPrefix() : null;
  const cleanUp = async () => {
    await schema?.drop();
    await redis?.clean();
  };
  try {
    const app = await buildApp(testConfig({
      databaseUrl: schema?.url ?? null,
      databasePoolSize: 4,
      ...(redis ? { redisUrl: REDIS_TEST_URL, redisKeyPrefix: redis.prefix } : {}),
      ...overrides,
    }), options);
    t.teardown(async () => {
      await app.close();
      await cleanUp();
    });
    return app;
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };
