// An operator's update, on each engine: a database an earlier release filled through its own
// admin API, api.php and cabinet (fixtures/upgrade/README.md) is opened by this code, which
// migrates it at start. Every answer that release gave its partners (api.php, byte for byte) and
// every admin ledger balance must be the same, the tables this code derives from the rows
// (partner_hours, partner_days, partner_totals: backfilled by the migrations) must equal a
// recount from those rows, and stay equal once the upgraded ledger is used again.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { pgOf } from '../../src/db/pg/index.js';
import { sqliteOf } from '../../src/db/sqlite/index.js';
import { ADMIN_TOKEN, testConfig } from '../helpers/build.js';
import { createTestSchema, PG_TEST_URL } from '../helpers/pg.js';

const engine = PG_TEST_URL ? 'pg' : 'sqlite';
const fixture = (file: string) => readFileSync(new URL(`../../fixtures/upgrade/${file}`, import.meta.url), 'utf8');
// The releases' settings where they show in the answers (URLs, pseudonyms, key hashes).
const RELEASE_ENV = { siteUrl: 'https://exchanger.example', secret: 'upgrade-secret-0123456789abcdefghijklmnop', apiRateLimit: 100_000 };
const PARTNER_IP = '192.0.2.10';

interface Answer { url: string; status: number; body: string }

/** The release's database loaded as it left it, then opened (and so migrated) by this code. */
async function upgraded(t: Test, release: string): Promise<FastifyInstance> {
  const dump = fixture(`${release}.${engine}.sql`);
  if (PG_TEST_URL) {
    const schema = await createTestSchema();
    const client = new pg.Client({ connectionString: PG_TEST_URL });
    await client.connect();
    await client.query(dump.replaceAll('__SCHEMA__', `"${schema.name}"`));
    await client.end();
    const app = await buildApp(testConfig({ ...RELEASE_ENV, databaseUrl: schema.url, databasePoolSize: 2 }));
    t.teardown(async () => {
      await app.close();
      await schema.drop();
    });
    return app;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-upgrade-'));
  const file = join(dir, 'ratelink.db');
  const old = new BetterSqlite3(file);
  old.exec(dump);
  old.close();
  const app = await buildApp(testConfig({ ...RELEASE_ENV, dbPath: file }));
  t.teardown(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return app;
}

async function query(app: FastifyInstance, text: string): Promise<Record<string, unknown>[]> {
  if (PG_TEST_URL) return (await pgOf(app.db).pool.query(text)).rows as Record<string, unknown>[];
  return sqliteOf(app.db).sqlite.prepare(text).all() as Record<string, unknown>[];
}

// A recount written from the rows' meaning, not from the backfills: what differs is printed.
const RECOUNT = `
with r as (
 select p.id as pid,
  (select count(*) from clicks c where c.partner_id = p.id and c.is_bot = false and c.is_repeat = false) as clicks,
  (select count(*) from exchanges e where e.partner_id = p.id) as exchanges,
  (select count(*) from exchanges e where e.partner_id = p.id and e.status = 'success') as successful,
  (select coalesce(sum(amount), 0) from ledger_entries l where l.partner_id = p.id and l.kind in ('reward', 'reversal', 'adjustment', 'reward_tier2', 'reversal_tier2')) as earned,
  (select coalesce(sum(reward_base), 0) from exchanges e where e.partner_id = p.id and e.status = 'success' and e.flag is null) as turnover,
  (select coalesce(sum(amount), 0) from payouts o where o.partner_id = p.id and o.status = 1) as paid,
  (select coalesce(sum(amount), 0) from payouts o where o.partner_id = p.id and o.status = 0) as pending
 from partners p)
select 'totals' as what, r.pid as partner from r left join partner_totals t on t.partner_id = r.pid
 where t.partner_id is null or r.clicks <> t.clicks or r.exchanges <> t.exchanges or r.successful <> t.successful
  or r.earned <> t.earned or r.turnover <> t.turnover or r.paid <> t.paid or r.pending <> t.pending
union all
select 'hours', t.partner_id from partner_totals t left join (select partner_id, sum(clicks) as c, sum(exchanges) as x,
  sum(successful) as s, sum(earned) as e from partner_hours group by partner_id) h on h.partner_id = t.partner_id
 where coalesce(h.c, 0) <> t.clicks or coalesce(h.x, 0) <> t.exchanges or coalesce(h.s, 0) <> t.successful or coalesce(h.e, 0) <> t.earned
union all
select 'days', h.partner_id from (select partner_id, (hour / 86400) * 86400 as day, sum(clicks) as c, sum(exchanges) as x,
  sum(successful) as s, sum(earned) as e from partner_hours group by 1, 2) h
  left join partner_days d on d.partner_id = h.partner_id and d.day = h.day
 where d.partner_id is null or d.clicks <> h.c or d.exchanges <> h.x or d.successful <> h.s or d.earned <> h.e
union all
select 'days', d.partner_id from partner_days d
 where not exists (select 1 from partner_hours h where h.partner_id = d.partner_id and (h.hour / 86400) * 86400 = d.day)`;

async function recountDiffers(app: FastifyInstance): Promise<string[]> {
  return (await query(app, RECOUNT)).map((row) => `${row.what} of partner ${row.partner}`);
}

const ask = (app: FastifyInstance, url: string) => app.inject({
  url, remoteAddress: PARTNER_IP, headers: url.startsWith('/admin/') ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {},
});

/** A little more business on the upgraded ledger: a click, an exchange with its reward, a payout. */
async function keepUsing(t: Test, app: FastifyInstance) {
  const [link] = await query(app, 'select l.code, l.partner_id from referral_links l join partners p on p.id = l.partner_id where p.status = \'active\' order by l.id limit 1');
  const click = await app.inject({ url: `/ref/${link!.code}`, remoteAddress: '198.51.100.7', headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0' } });
  t.ok(click.statusCode < 400, 'a click');
  const now = Math.floor(Date.now() / 1000);
  for (const [id, status] of [['after-upgrade-1', 'success'], ['after-upgrade-2', 'pending'], ['after-upgrade-2', 'success']] as const) {
    const exchange = await app.inject({
      method: 'POST', url: '/admin/exchanges', headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { external_id: id, ref_code: link!.code, time: now, cur_give: 'BTC', cur_get: 'SBERRUB', amount_give: '0.01', amount_get: '61254.3',
        course_give: '1', course_get: '6125430.5', status, reward_base_amount: '512.75', customer_email: 'new@customers.example' },
    });
    t.ok([200, 201].includes(exchange.statusCode), `exchange ${id} ${status}: ${exchange.body}`);
  }
  const [method] = await query(app, 'select id from payout_methods order by id limit 1');
  const payout = await app.inject({
    method: 'POST', url: '/admin/payouts', headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: { partner_id: Number(link!.partner_id), method_id: Number(method!.id), account: 'U1234567', amount: '1' },
  });
  t.equal(payout.statusCode, 201, payout.body);
}

for (const release of ['r0002', 'r0010']) {
  t.test(`${release} on ${engine}: upgraded at start, the same answers, derived tables equal a recount`, async (t) => {
    const app = await upgraded(t, release);
    const expected = JSON.parse(fixture(`${release}.${engine}.expected.json`)) as Answer[];
    for (const answer of expected) {
      const res = await ask(app, answer.url);
      t.equal(res.statusCode, answer.status, answer.url);
      t.equal(res.body, answer.body, answer.url);
    }
    t.same(await recountDiffers(app), [], 'derived tables as migrated');
    await keepUsing(t, app);
    t.same(await recountDiffers(app), [], 'derived tables after more business');
  });
}
