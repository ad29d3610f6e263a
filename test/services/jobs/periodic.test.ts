// Periodic jobs: every tick on one instance; with two instances on one PostgreSQL schema only
// the leader runs them, and the other takes over when the leader goes away.
import t from 'tap';
import { createPgJobLeader } from '../../../src/db/pg/job-leader.js';
import { createJobs } from '../../../src/services/jobs/periodic.js';
import { instancesOnOneDatabase } from '../../helpers/instances.js';
import { createTestSchema, PG_TEST_URL } from '../../helpers/pg.js';
import { silentProxy, within } from '../../helpers/silent-proxy.js';

const pgOnly = PG_TEST_URL ? false : 'PostgreSQL only (advisory lock): set RATELINK_TEST_DATABASE_URL';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('jobs › without a leader (SQLite, one process) every tick runs; a failing job runs again; close stops it', async (t) => {
  const jobs = createJobs(null);
  let runs = 0;
  jobs.every('count', 20, async () => {
    runs++;
    if (runs === 1) throw new Error('first run fails');
  });
  await sleep(150);
  t.ok(runs >= 3, `${runs} runs in 150 ms, the failure did not stop it`);
  t.equal(await jobs.leads(), true);
  await jobs.close();
  const after = runs;
  await sleep(60);
  t.equal(runs, after, 'no tick after close');
  t.equal(await jobs.leads(), false, 'a closed runner leads nothing');
});

t.test('jobs › two instances on one PostgreSQL schema: one runs the job; when it closes, the other takes over', { skip: pgOnly }, async (t) => {
  const [a, b] = await instancesOnOneDatabase(t, 2);
  const runs = { a: 0, b: 0 };
  a.jobs.every('count', 40, async () => { runs.a++; });
  b.jobs.every('count', 40, async () => { runs.b++; });
  await sleep(600);
  t.ok((runs.a > 0) !== (runs.b > 0), `exactly one instance ran the job (a ${runs.a}, b ${runs.b})`);
  t.ok(runs.a + runs.b >= 2, `and it ran at its ticks (${runs.a + runs.b} in 600 ms)`);
  t.same([await a.jobs.leads(), await b.jobs.leads()].filter(Boolean).length, 1, 'one leader');
  const [leader, follower, key] = runs.a > 0 ? [a, b, 'b' as const] : [b, a, 'a' as const];
  await leader.close();
  await sleep(400);
  t.ok(runs[key] > 0, `the other instance took over (${runs[key]} runs)`);
  t.equal(await follower.jobs.leads(), true);
});

t.test('jobs › the leader\'s connection killed: the lead passes on, the old leader no longer runs', { skip: pgOnly }, async (t) => {
  const [a, b] = await instancesOnOneDatabase(t, 2);
  let ranOn: string[] = [];
  a.jobs.every('who', 40, async () => { ranOn.push('a'); });
  b.jobs.every('who', 40, async () => { ranOn.push('b'); });
  await sleep(300);
  const first = ranOn[0];
  t.ok(first && ranOn.every((x) => x === first), `one runner (${first})`);
  const { pgOf } = await import('../../../src/db/pg/index.js');
  const killed = await pgOf(a.db).pool.query(`select pg_terminate_backend(pid) from pg_locks l join pg_stat_activity s using (pid)
    where l.locktype = 'advisory' and l.classid = $1 and s.application_name = 'ratelink-jobs' and l.objid = (select hashtext(current_schema())::oid)`, [0x72746a62]);
  t.equal(killed.rowCount, 1, 'the leader\'s session ended');
  await sleep(300);
  ranOn = [];
  await sleep(300);
  t.ok(ranOn.length > 0 && ranOn.every((x) => x === ranOn[0]), `again exactly one runner (${[...new Set(ranOn)].join(',')})`);
});

t.test('jobs › the leader\'s database goes silent (a partition): the leader stops leading within the statement timeout, close does not hang', { skip: pgOnly }, async (t) => {
  const schema = await createTestSchema();
  const url = new URL(schema.url);
  const proxy = await silentProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  const jobs = createJobs(createPgJobLeader(url.toString(), { statementTimeoutMs: 1000 }));
  t.teardown(async () => { proxy.speak(); proxy.close(); await schema.drop(); });
  t.equal(await jobs.leads(), true, 'alone: it leads');
  let runs = 0;
  jobs.every('count', 40, async () => { runs++; });
  await sleep(200);
  t.ok(runs > 0);
  proxy.silence();
  t.equal(await within(3000, jobs.leads()), false, 'silent: no longer the leader, no hang');
  t.equal(await within(3000, jobs.close()), undefined, 'closed without waiting on the silent connection');
});
