// Every test gets its own app on a fresh in-memory database with the real migrations.
import type { Test } from 'tap';
import { buildApp, type BuildOptions } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: ADMIN_TOKEN, RATELINK_SITE_URL: 'http://localhost:3000' }),
    dbPath: ':memory:',
    logLevel: 'silent',
    ...overrides,
  };
}

export async function build(t: Test, overrides: Partial<Config> = {}, options: BuildOptions = {}) {
  const app = await buildApp(testConfig(overrides), options);
  t.teardown(() => app.close());
  return app;
}

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };
