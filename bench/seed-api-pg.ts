// The `api` benchmark's ledger on PostgreSQL, written by the database itself: INSERT … SELECT
// over generate_series, with the distribution of bench/seed-api.ts (partner volumes ∝ 1/√rank,
// 8% bots, 12% repeats, rows in time order so that ids grow with time, 80/10/5/5% exchange
// statuses), then the pre-aggregates filled as migrations 0006 and 0010 backfill them. The app's
// bulk path (one multi-row INSERT per 1,000 rows from Node) took 161 s for 200,000 clicks; this
// takes minutes for 10,000,000. The rows are not the SQLite seeder's rows (another PRNG), the
// shape is: partner i (id i in a fresh schema) is the i-th busiest.
//
// The schema (the URL's search_path) is seeded once and kept: a schema that has partners is
// reused as it is. From the shell:
//   nice -n 10 npx tsx bench/seed-api-pg.ts postgres://postgres@127.0.0.1:5432/test bench_api13_10m [clicks] [exchanges] [partners] [days]
import pg from 'pg';
import { openPgDatabase } from '../src/db/pg/index.js';
import { issueApiKey } from '../src/services/partners/api-keys.js';
import type { BenchPartner, SeededLedger, SeedOptions } from './seed-api.js';

/** The ledger's shape; every field has the SQLite seeder's default. */
export interface LedgerShape extends SeedOptions {
  /** Share of clicks flagged as bots, then as repeats (neither is counted). */
  botShare: number;
  repeatShare: number;
}

export const DEFAULT_SHAPE: LedgerShape = {
  partners: 1000, clicks: 1_000_000, exchanges: 100_000, days: 90, now: 1_767_225_600, botShare: 0.08, repeatShare: 0.12,
};

// Partner picking: a uniform 20-bit hash of the row number indexes a table of 2^20 buckets, each
// bucket owned by one partner in proportion to its weight (the smallest of 1,000 partners owns ~530).
const BUCKET_BITS = 20;
// Uniform floats in [0, 1) from the low 52 bits of hashint8extended(n, seed).
const U = (seed: number) => `((hashint8extended(n, ${seed}) & 4503599627370495)::float8 / 4503599627370496.0)`;

/** A URL whose connections use `schema` (created if missing). */
export async function schemaUrl(base: string, schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Seeds the schema of `url` (migrated first) unless it already has partners; returns the bench partners. */
export async function seedApiLedgerSql(url: string, options: Partial<LedgerShape> = {}): Promise<SeededLedger & { reused: boolean }> {
  const shape = { ...DEFAULT_SHAPE, ...options };
  const started = Date.now();
  const database = await openPgDatabase(url, { poolSize: 2 });
  try {
    const client = await database.pool.connect();
    let reused = true;
    try {
      const { rows: [{ n }] } = await client.query<{ n: string }>('select count(*) as n from partners');
      if (Number(n) === 0) {
        reused = false;
        await seedRows(client, shape);
      }
    } finally {
      client.release();
    }
    const ranked = (await database.pool.query<{ id: number }>('select id from partners order by id')).rows.map((r) => r.id);
    const benchPartner = async (id: number): Promise<BenchPartner> => {
      const { rows: [counts] } = await database.pool.query<{ clicks: string; exchanges: string }>(
        'select (select count(*) from clicks where partner_id = $1 and is_bot = false and is_repeat = false) as clicks, '
        + '(select count(*) from exchanges where partner_id = $1) as exchanges', [id]);
      return { id, apiKey: (await issueApiKey(database.repos, id)).api_key, clicks: Number(counts!.clicks), exchanges: Number(counts!.exchanges) };
    };
    return {
      dbPath: url, now: shape.now, reused, seconds: (Date.now() - started) / 1000,
      median: await benchPartner(ranked[Math.floor(ranked.length / 2)]!), busiest: await benchPartner(ranked[0]!),
    };
  } finally {
    await database.close();
  }
}

async function seedRows(client: pg.PoolClient, s: LedgerShape): Promise<void> {
  const step = async (label: string, text: string) => {
    const t = Date.now();
    await client.query(text);
    console.error(`seed-api-pg: ${label} ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  // Generated rows point only at rows made here: skip the per-row foreign-key triggers. A nested
  // loop over generate_series emits rows in the order of n, so rows are inserted in time order
  // without sorting them (a hash join might hash either side).
  await client.query(`set session_replication_role = replica; set maintenance_work_mem = '512MB'; set work_mem = '256MB'; set enable_hashjoin = off; set enable_mergejoin = off`);
  await step('partners and links', `
    insert into partners (name, email, reward_percent, created_at)
      select 'Partner ' || i, 'p' || i || '@bench.test', '0.5', ${s.now - s.days * 86_400} from generate_series(1, ${s.partners}) i order by i;
    insert into referral_links (code, partner_id, created_at, updated_at)
      select 'bench' || row_number() over (order by id), id, created_at, created_at from partners order by id;
    create temp table seed_pick as
      with ranked as (
        select row_number() over (order by p.id) as rank, p.id as partner_id, l.id as link_id
        from partners p join referral_links l on l.partner_id = p.id),
      cumulative as (
        select partner_id, link_id,
          sum(1 / sqrt(rank)) over (order by rank) / sum(1 / sqrt(rank)) over () as hi,
          (sum(1 / sqrt(rank)) over (order by rank) - 1 / sqrt(rank)) / sum(1 / sqrt(rank)) over () as lo
        from ranked)
      select generate_series(round(lo * ${2 ** BUCKET_BITS})::int, round(hi * ${2 ** BUCKET_BITS})::int - 1) as bucket, partner_id, link_id
      from cumulative;
    create unique index on seed_pick (bucket);
    analyze seed_pick`);
  // Indexes are built once after loading (a sort each) rather than updated row by row.
  const { rows: indexes } = await client.query<{ name: string; def: string }>(`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
    where i.indrelid in ('clicks'::regclass, 'exchanges'::regclass)
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`);
  for (const { name } of indexes) await client.query(`drop index ${name}`);
  const span = s.days * 86_400;
  // Row n's time: evenly over the span, in the order of n (ids grow with time, as in production).
  const timeOf = (count: number, u: string) => `${s.now - span} + floor((n + ${u}) * ${span} / ${count})::bigint`;
  const pick = `join seed_pick p on p.bucket = (hashint8extended(n, 1) & ${2 ** BUCKET_BITS - 1})`;
  const from = `(array['PMUSD', 'QWRUB', 'BTC', 'ETH', 'USDTTRC20'])[n % 5 + 1]`;
  const to = `(array['BTC', 'USDTTRC20', 'SBERRUB', 'PMUSD', 'CARDUAH'])[n % 5 + 1]`;
  await step(`${s.clicks} clicks`, `
    insert into clicks (time, partner_id, link_id, ip, browser, user_agent, referrer, user_hash, query_string, cur_from, cur_to, sub1, is_bot, is_repeat)
    select ${timeOf(s.clicks, U(3))}, p.partner_id, p.link_id,
      case when n % 10 = 0 then '2001:db8:' || to_hex(n % 65536) || '::' || to_hex(n % 997) else '198.51.' || n % 256 || '.' || (n / 256) % 256 end,
      (array['Chrome', 'Firefox', 'Safari', 'Edge', 'Opera', 'Yandex Browser', 'Unknown'])[n % 7 + 1], 'Mozilla/5.0 (bench)',
      (array['https://www.bestchange.ru/', 'https://exchangesumo.com/', 'https://kurs.expert/', ''])[n % 4 + 1],
      lpad(to_hex(hashint8extended(n, 4)), 16, '0'),
      'cur_from=' || ${from} || '&cur_to=' || ${to} || '&sub1=tag-' || n % 30, ${from}, ${to}, 'tag-' || n % 30,
      ${U(2)} < ${s.botShare}, ${U(2)} >= ${s.botShare} and ${U(2)} < ${s.botShare + s.repeatShare}
    from generate_series(0::bigint, ${s.clicks - 1}) n ${pick}`);
  const cents = `(1000 + floor(${U(6)} * 500000)::bigint)`;
  const status = `case when ${U(5)} < 0.8 then 'success' when ${U(5)} < 0.9 then 'pending' when ${U(5)} < 0.95 then 'canceled' else 'refunded' end`;
  await step(`${s.exchanges} exchanges`, `
    insert into exchanges (external_id, partner_id, link_id, sub1, time, user_hash, cur_give, cur_get, amount_give, amount_get, course_give, course_get,
      status, reward_base, reward_percent, reward, created_at, updated_at)
    select 'bench-' || n, partner_id, link_id, 'tag-' || n % 30, time, lpad(to_hex(hashint8extended(n, 4)), 16, '0'), ${from}, ${to},
      (cents / 100.0)::numeric(20, 2)::text, round(cents * 0.00000015, 8)::text, '1', '0.000015',
      status, cents * 1000000, '0.5', case when status in ('pending', 'canceled') then 0 else cents * 5000 end, time, time
    from (
      select n, p.partner_id, p.link_id, ${timeOf(s.exchanges, U(3))} as time, ${cents} as cents, ${status} as status
      from generate_series(0::bigint, ${s.exchanges - 1}) n ${pick}) g`);
  for (const { name, def } of indexes) await step(`index ${name}`, def);
  // Migration 0006's backfill of partner_hours (no ledger entries are seeded: earned stays 0),
  // then 0012's of partner_days and 0010's of partner_totals.
  await step('partner_hours, partner_days and partner_totals', `
    delete from partner_hours; delete from partner_days; delete from partner_totals;
    insert into partner_hours (partner_id, hour, clicks, exchanges, successful, earned)
    select partner_id, hour, sum(clicks), sum(exchanges), sum(successful), 0 from (
      select partner_id, (time / 3600) * 3600 as hour, count(*) as clicks, 0 as exchanges, 0 as successful
        from clicks where partner_id is not null and not is_bot and not is_repeat group by 1, 2
      union all
      select partner_id, (time / 3600) * 3600, 0, count(*), sum(case when status = 'success' then 1 else 0 end)
        from exchanges where partner_id is not null group by 1, 2
    ) as rows group by partner_id, hour;
    insert into partner_days (partner_id, day, clicks, exchanges, successful, earned)
    select partner_id, (hour / 86400) * 86400, sum(clicks), sum(exchanges), sum(successful), sum(earned)
    from partner_hours group by 1, 2;
    insert into partner_totals (partner_id, clicks, exchanges, successful, earned, turnover, paid, pending)
    select p.id,
      coalesce((select sum(clicks) from partner_hours h where h.partner_id = p.id), 0),
      coalesce((select sum(exchanges) from partner_hours h where h.partner_id = p.id), 0),
      coalesce((select sum(successful) from partner_hours h where h.partner_id = p.id), 0),
      0,
      coalesce((select sum(reward_base) from exchanges e where e.partner_id = p.id and e.status = 'success' and e.flag is null), 0),
      0, 0
    from partners p`);
  await client.query('reset all; drop table seed_pick');
  // As autovacuum would leave a table at rest: statistics, and the visibility map that lets
  // the partner API's index-only scans skip the heap.
  await step('vacuum analyze', 'vacuum analyze');
}

const isEntry = import.meta.url === `file://${process.argv[1]}`;
if (isEntry) {
  const [base, schema, clicks, exchanges, partners, days] = process.argv.slice(2);
  if (!base || !schema) throw new Error('usage: seed-api-pg.ts <postgres url> <schema> [clicks] [exchanges] [partners] [days]');
  const shape: Partial<LedgerShape> = {};
  if (clicks) shape.clicks = Number(clicks);
  if (exchanges) shape.exchanges = Number(exchanges);
  if (partners) shape.partners = Number(partners);
  if (days) shape.days = Number(days);
  console.log(JSON.stringify(await seedApiLedgerSql(await schemaUrl(base, schema), shape), null, 2));
}
