// The documented update (docs/deployment.md: pull, build, restart) applies the migrations at
// start. On a large database they take minutes (BENCHMARKS.md: rebuilding an index on 10M
// rows), and a second instance waits for the first one's advisory lock meanwhile. Neither may
// fail the start on Fastify's 10 s plugin timeout ('Plugin did not start in time: database'):
// with systemd's Restart=on-failure a PostgreSQL migration rolled back at each attempt would
// never finish.
import t from 'tap';
import pg from 'pg';
import { runCli } from '../../src/cli/run.js';
import { startServer } from '../../src/server.js';
import { MIGRATION_LOCK } from '../../src/db/pg/migrate.js';
import { testConfig } from '../helpers/build.js';
import { createTestSchema, PG_TEST_URL } from '../helpers/pg.js';

const skip = PG_TEST_URL ? false
  : 'PostgreSQL only: SQLite migrates synchronously, so no timer can fire during its migrations';

t.test('a start that waits 11 s for another instance\'s migrations starts once they are done', { skip, timeout: 60_000 }, async (t) => {
  const schema = await createTestSchema();
  const other = new pg.Client({ connectionString: schema.url });
  await other.connect();
  t.teardown(async () => {
    await other.end().catch(() => {});
    await schema.drop();
  });
  // The other instance, migrating a large database: it holds the lock the migrator takes.
  await other.query('select pg_advisory_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK]);
  const released = new Promise<void>((resolve) => setTimeout(() => {
    void other.query('select pg_advisory_unlock($1, hashtext(current_schema()))', [MIGRATION_LOCK]).then(() => resolve());
  }, 11_000));
  const started = Date.now();
  const app = await startServer(testConfig({ databaseUrl: schema.url, databasePoolSize: 2, port: 0, host: '127.0.0.1' }));
  t.teardown(() => app.close());
  await released;
  t.ok(Date.now() - started >= 11_000, 'it waited for the lock');
  const health = await app.inject({ url: '/healthz' });
  t.equal(health.statusCode, 200);
  const migrated = await other.query('select count(*)::int as n from __drizzle_migrations');
  t.ok(migrated.rows[0].n > 10, 'the schema is migrated');
});

t.test('a CLI command run while another instance migrates waits for it too', { skip, timeout: 60_000 }, async (t) => {
  const schema = await createTestSchema();
  const other = new pg.Client({ connectionString: schema.url });
  await other.connect();
  t.teardown(async () => {
    await other.end().catch(() => {});
    await schema.drop();
  });
  await other.query('select pg_advisory_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK]);
  setTimeout(() => void other.query('select pg_advisory_unlock($1, hashtext(current_schema()))', [MIGRATION_LOCK]), 11_000);
  let output = '';
  const code = await runCli(['partner', 'list'], {
    env: { RATELINK_DATABASE_URL: schema.url, RATELINK_DEMO: '0', RATELINK_SITE_URL: 'http://localhost:3000' },
    out: (text) => { output += text; },
    err: (text) => { output += text; },
  });
  t.equal(code, 0, output);
  t.match(output, /No partners/);
});
