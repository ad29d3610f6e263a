// Feeds on two instances sharing one PostgreSQL schema: a rate pushed to A is served by B
// at once, through LISTEN/NOTIFY (B's poll is set to ten minutes, so nothing else can explain
// it), and B still converges after its LISTEN connection is killed (it reconnects and reloads).
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { instancesOnOneDatabase } from '../../helpers/instances.js';
import { putDirections } from '../../helpers/feeds.js';
import { createFeed } from '../../../src/services/feeds/feeds.js';
import { PG_TEST_URL } from '../../helpers/pg.js';
import { pgOf } from '../../../src/db/pg/index.js';

const skip = PG_TEST_URL ? false : 'PostgreSQL only (LISTEN/NOTIFY): set RATELINK_TEST_DATABASE_URL';
const TEN_MINUTES = 600_000;

const rate = (out: number) => [{ from: 'BTC', to: 'SBERRUB', in: '1', out: String(out), amount: '4850000', minamount: '0.002', maxamount: '0.75' }];

async function servedOut(app: FastifyInstance, code: string): Promise<string> {
  const res = await app.inject({ url: `/service/export/json/${code}` });
  return res.body;
}

/** A feed created on `app` as the admin API does it: the feeds change, and A announces it. */
async function addFeed(app: FastifyInstance): Promise<string> {
  return (await createFeed(app.repos, app.config, { name: 'monitor' }, app.feedCache)).code;
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return -1;
}

t.test('feeds › a rate pushed to instance A is served by instance B within 500 ms, without B polling', { skip }, async (t) => {
  const [a, b] = await instancesOnOneDatabase(t, 2, { feedPollMs: TEN_MINUTES });
  await putDirections(a, rate(6_000_000));
  const code = await addFeed(a);
  const created = await waitFor(async () => (await b.inject({ url: `/service/export/json/${code}` })).statusCode === 200, 2000);
  t.ok(created >= 0 && created < 500, `B serves the new feed after ${created} ms`);
  for (const out of [6_100_000, 6_200_000, 6_300_000]) {
    const pushed = await putDirections(a, rate(out));
    t.equal(pushed.statusCode, 200);
    t.match(await servedOut(a, code), String(out), 'A serves its own write when it answers (read your writes)');
    const delay = await waitFor(async () => (await servedOut(b, code)).includes(String(out)), 2000);
    t.ok(delay >= 0 && delay < 500, `B serves ${out} after ${delay} ms`);
  }
});

t.test('feeds › B\'s LISTEN connection killed: it reconnects, reloads, and serves A\'s next pushes', { skip }, async (t) => {
  const [a, b] = await instancesOnOneDatabase(t, 2, { feedPollMs: TEN_MINUTES });
  await putDirections(a, rate(5_000_000));
  const code = await addFeed(a);
  await waitFor(async () => (await b.inject({ url: `/service/export/json/${code}` })).statusCode === 200, 2000);
  // Every listener of this test's schema (A's and B's): the server ends their sessions.
  const pool = pgOf(b.db).pool;
  const killed = await pool.query(`select pg_terminate_backend(pid) from pg_stat_activity
    where application_name = 'ratelink-listen' and pid <> pg_backend_pid() and query = 'LISTEN ratelink_feeds'
    and backend_start > now() - interval '1 minute'`);
  t.ok((killed.rowCount ?? 0) >= 1, `listeners ended (${killed.rowCount})`);
  // While nobody listens A writes: B learns it when it reconnects (it reloads on every connection).
  await putDirections(a, rate(5_100_000));
  t.ok(await waitFor(async () => (await servedOut(b, code)).includes('5100000'), 3000) >= 0, 'the change made during the gap is served');
  await putDirections(a, rate(5_200_000));
  const delay = await waitFor(async () => (await servedOut(b, code)).includes('5200000'), 3000);
  t.ok(delay >= 0 && delay < 500, `after the reconnection pushes arrive again (${delay} ms)`);
});
