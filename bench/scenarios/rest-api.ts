// The partner REST API under load: GET /api/partner/summary/ and a year of
// /api/reports/clicks/?group_by=day for one partner with BENCH_REST_CLICKS counted clicks
// (default 1,000,000) and a tenth as many exchanges over a year, loaded with the bulk loader
// (which keeps partner_hours, as every writer does). Targets: summary p99 < 20 ms, the year
// p99 < 50 ms. Also group_by=link|sub1 and a link's stats (issue 16), counted from the rows. Also the per-request cost of the token check (HS256 verify + the auth_version read).
// BENCH_REST_PG=postgres://… runs it on PostgreSQL (in a schema of its own). BENCH_REST_TARGETS=1 skips the per-key routes.
// Seeding 10M rows takes many minutes: BENCH_REST_DB=path (SQLite) or BENCH_REST_SCHEMA=name
// (PostgreSQL) keeps the seeded ledger between runs; a later run finds the partner and skips the seed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { currentAuthVersion } from '../../src/services/accounts/credentials.js';
import { hashPassword } from '../../src/services/accounts/passwords.js';
import { createPartner } from '../../src/services/partners/partners.js';
import { createTokenSigner } from '../../src/services/rest-api/tokens.js';
import { load, machine } from '../lib.js';

const DAY = 86_400;
const CONNECTIONS = 10;
const END = 1_767_225_600; // 2026-01-01T00:00:00Z
const START = END - 365 * DAY;

// Traffic over LINKS links, SUBS sub1 tags and PAIRS directions, so that group_by=link, sub1 and
// direction have rows to group (the bulk loader writes link_id and the sub-ids of both tables).
const LINKS = 20;
const SUBS = 50;
const PAIRS = [['PMUSD', 'BTC'], ['QWRUB', 'USDTTRC20'], ['BTC', 'SBERRUB'], ['ETH', 'PMUSD'], ['USDTTRC20', 'CARDUAH']] as const;

function* clicks(n: number, partnerId: number, linkIds: number[]) {
  for (let i = 0; i < n; i++) {
    const [curFrom, curTo] = PAIRS[i % PAIRS.length]!;
    yield {
      partnerId, linkId: linkIds[i % linkIds.length], userHash: `v${i}`, time: START + Math.floor((i / n) * 365 * DAY), ip: '198.51.100.7',
      curFrom, curTo, sub1: `campaign-${i % SUBS}`, sub2: `ad-${i % 7}`,
    };
  }
}
function* exchanges(n: number, partnerId: number, linkIds: number[]) {
  for (let i = 0; i < n; i++) {
    const [curGive, curGet] = PAIRS[i % PAIRS.length]!;
    yield {
      externalId: `x${i}`, partnerId, linkId: linkIds[i % linkIds.length], sub1: `campaign-${i % SUBS}`, time: START + Math.floor((i / n) * 365 * DAY), curGive, curGet,
      amountGive: '100', amountGet: '0.001', courseGive: '1', courseGet: '1', rewardBase: 10_000, status: (i % 3 ? 'success' : 'pending') as 'success' | 'pending',
    };
  }
}

export async function run() {
  const n = Number(process.env.BENCH_REST_CLICKS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-bench-rest-'));
  const pg = process.env.BENCH_REST_PG;
  const kept = process.env.BENCH_REST_SCHEMA;
  let dropSchema = async () => {};
  let databaseUrl: string | undefined;
  let seedPool: Pool | undefined;
  if (pg) {
    const { default: pgLib } = await import('pg');
    const schema = kept ?? `rl_bench_${process.pid}`;
    const url = new URL(pg);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    const admin = new pgLib.Pool({ connectionString: pg, max: 1 });
    await admin.query(`create schema if not exists "${schema}"`);
    seedPool = new pgLib.Pool({ connectionString: databaseUrl, max: 1 });
    dropSchema = async () => {
      await seedPool?.end();
      if (!kept) await admin.query(`drop schema "${schema}" cascade`);
      await admin.end();
    };
  }
  const config = loadConfig({
    RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'bench-admin-token-0123456789-abcdefghij', RATELINK_SITE_URL: 'http://localhost:3000',
    RATELINK_DB: process.env.BENCH_REST_DB ?? join(dir, 'rest.db'), ...(databaseUrl ? { RATELINK_DATABASE_URL: databaseUrl } : {}),
    RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl', LOG_LEVEL: 'warn',
  });
  const app = await buildApp(config);
  try {
    const partner = await seeded(app, n, pg ? 'PostgreSQL' : 'SQLite', seedPool);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const auth = await (await fetch(`${base}/api/auth/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'busy@partner.example', password: 'bench password 123' }) })).json() as { token: string };
    const headers = { authorization: `JWT ${auth.token}` };
    const duration = Number(process.env.BENCH_DURATION ?? 10);
    console.log(`${machine()}; ${CONNECTIONS} connections, ${duration} s each`);
    for (const [label, path, connectionsOf] of [
      ['summary (all time + 30 days)', `/api/partner/summary/?from=${END - 30 * DAY}&to=${END}`],
      ['a year of group_by=day (365 rows)', `/api/reports/clicks/?group_by=day&from=${START}&to=${END - 1}`],
      // Per link, direction and sub1: counted from the rows (no pre-aggregate), one connection (by
      // direction or sub1 a year reads every click of it: ten at once would queue past the request
      // timeout; by link it is counted in clicks_partner_link_counted_idx).
      [`30 days of group_by=link (${LINKS} rows)`, `/api/reports/clicks/?group_by=link&from=${END - 30 * DAY}&to=${END - 1}`, 1],
      [`a year of group_by=link (${LINKS} rows)`, `/api/reports/clicks/?group_by=link&from=${START}&to=${END - 1}`, 1],
      [`30 days of group_by=sub1 (${SUBS} rows)`, `/api/reports/exchanges/?group_by=sub1&from=${END - 30 * DAY}&to=${END - 1}`, 1],
      ['30 days of one link\'s stats (30 rows)', `/api/links/BUSY0/stats/?from=${END - 30 * DAY}&to=${END - 1}`, 1],
    ] as const) {
      // BENCH_REST_TARGETS=1: only the issue's two targets (a year per link on 10M rows takes minutes).
      if (process.env.BENCH_REST_TARGETS === '1' && connectionsOf) continue;
      const sample = await fetch(`${base}${path}`, { headers });
      if (sample.status !== 200) throw new Error(`${label}: ${sample.status} ${await sample.text()}`);
      const connections = connectionsOf ?? CONNECTIONS;
      await load('warm-up, not reported', { url: `${base}${path}`, headers, duration: 1, connections, workers: 1 });
      await load(`${label}, ${connections} conn.`, { url: `${base}${path}`, headers, duration, connections, workers: 1 });
    }
    await tokenCheck(app, partner.id, auth.token);
    if (databaseUrl) await otherInstanceDelay(app, await buildApp(config), partner.id);
  } finally {
    await app.close();
    await dropSchema();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The busy partner: found in a kept ledger, or created and bulk-loaded. */
export async function seeded(app: Awaited<ReturnType<typeof buildApp>>, n: number, engine: string, pool?: Pool) {
  const found = await app.repos.links.findByCode('BUSY0');
  if (found?.partnerId) {
    console.log(`${engine}: reusing the kept ledger (partner ${found.partnerId})`);
    return (await app.repos.partners.findById(found.partnerId))!;
  }
  const partner = await createPartner(app.repos, { name: 'Busy', email: 'busy@partner.example', reward_percent: '10' });
  const linkIds: number[] = [];
  for (let i = 0; i < LINKS; i++) linkIds.push((await app.repos.links.insert({ code: `BUSY${i}`, partnerId: partner.id, name: `Link ${i}` }))!.id);
  const started = performance.now();
  if (pool) await seedInSql(pool, n, partner.id, linkIds);
  else await app.repos.partnerReports.bulkInsert({ clicks: clicks(n, partner.id, linkIds), exchanges: exchanges(n / 10, partner.id, linkIds) });
  console.log(`${engine}: seeded ${n} clicks + ${n / 10} exchanges over a year for one partner in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await app.repos.partnerAccounts.create({ partnerId: partner.id, email: 'busy@partner.example', at: END });
  await app.repos.partnerAccounts.setPassword(partner.id, await hashPassword('bench password 123', 10), END);
  return partner;
}

/**
 * PostgreSQL: the same rows as clicks() and exchanges() written by the server itself
 * (INSERT … SELECT over generate_series; the bulk loader took 175 s for 300k clicks, 10M would
 * take hours), then partner_hours and partner_totals filled from them with the rules of the
 * backfills of migrations 0006 and 0010 (src/db/figures.ts, src/db/totals.ts).
 */
async function seedInSql(pool: Pool, n: number, partnerId: number, linkIds: number[]) {
  const links = `array[${linkIds.join(',')}]`;
  const from = `array[${PAIRS.map(([a]) => `'${a}'`).join(',')}]`;
  const to = `array[${PAIRS.map(([, b]) => `'${b}'`).join(',')}]`;
  const time = (count: number) => `${START} + (i::bigint * ${365 * DAY}) / ${count}`;
  await pool.query(`insert into clicks (time, partner_id, link_id, ip, user_hash, cur_from, cur_to, sub1, sub2)
    select ${time(n)}, ${partnerId}, (${links})[i % ${LINKS} + 1], '198.51.100.7', 'v' || i,
      (${from})[i % ${PAIRS.length} + 1], (${to})[i % ${PAIRS.length} + 1], 'campaign-' || (i % ${SUBS}), 'ad-' || (i % 7)
    from generate_series(0, ${n - 1}) as i`);
  const e = n / 10;
  await pool.query(`insert into exchanges (external_id, partner_id, link_id, sub1, time, cur_give, cur_get, amount_give, amount_get,
      course_give, course_get, reward_base, status, created_at, updated_at)
    select 'x' || i, ${partnerId}, (${links})[i % ${LINKS} + 1], 'campaign-' || (i % ${SUBS}), ${time(e)},
      (${from})[i % ${PAIRS.length} + 1], (${to})[i % ${PAIRS.length} + 1], '100', '0.001', '1', '1', 10000,
      case when i % 3 = 0 then 'pending' else 'success' end, ${time(e)}, ${time(e)}
    from generate_series(0, ${e - 1}) as i`);
  await pool.query(`insert into partner_hours (partner_id, hour, clicks, exchanges, successful, earned)
    select ${partnerId}, hour, sum(clicks), sum(exchanges), sum(successful), 0 from (
      select (time / 3600) * 3600 as hour, count(*) as clicks, 0 as exchanges, 0 as successful
        from clicks where partner_id = ${partnerId} and not is_bot and not is_repeat group by 1
      union all
      select (time / 3600) * 3600, 0, count(*), sum(case when status = 'success' then 1 else 0 end)
        from exchanges where partner_id = ${partnerId} group by 1
    ) as rows group by hour`);
  await pool.query(`insert into partner_totals (partner_id, clicks, exchanges, successful, earned, turnover)
    select ${partnerId}, sum(clicks), sum(exchanges), sum(successful), sum(earned),
      (select coalesce(sum(reward_base), 0) from exchanges where partner_id = ${partnerId} and status = 'success' and flag is null)
    from partner_hours where partner_id = ${partnerId}
    on conflict (partner_id) do update set clicks = excluded.clicks, exchanges = excluded.exchanges,
      successful = excluded.successful, earned = excluded.earned, turnover = excluded.turnover`);
  await pool.query('analyze clicks; analyze exchanges; analyze partner_hours');
}

/** µs per request of what the auth hook does: HS256 verify, then the auth_version read. */
async function tokenCheck(app: Awaited<ReturnType<typeof buildApp>>, partnerId: number, token: string) {
  const signer = createTokenSigner(Buffer.from('bench-jwt-secret-0123456789-abcdefghijkl'), 3600);
  const rounds = 20_000;
  const time = async (work: () => unknown) => {
    for (let i = 0; i < 1000; i++) await work();
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) await work();
    return ((performance.now() - t0) * 1000) / rounds;
  };
  const now = END;
  const verify = await time(() => signer.verify(token, now));
  const check = await time(() => currentAuthVersion(app.repos, partnerId));
  console.log(`token check: HS256 verify ${verify.toFixed(1)} µs + auth_version read ${check.toFixed(1)} µs = ${(verify + check).toFixed(1)} µs per request (${rounds} rounds, sequential)`);
}

/**
 * PostgreSQL: how long another instance keeps accepting a revoked token. A second instance B
 * remembers the partner's auth version; A signs the partner out everywhere (bumps it); B is
 * asked again until it answers the new version (it hears NOTIFY ratelink_auth). 200 rounds.
 */
async function otherInstanceDelay(a: Awaited<ReturnType<typeof buildApp>>, b: Awaited<ReturnType<typeof buildApp>>, partnerId: number) {
  const delays: number[] = [];
  try {
    for (let round = 0; round < 200; round++) {
      await b.repos.partnerAccounts.activeAuthVersion(partnerId);
      const t0 = performance.now(); // before A's UPDATE: an upper bound of commit → refusal
      const version = await a.repos.partnerAccounts.bumpAuthVersion(partnerId);
      // setImmediate between asks: B's notification arrives as I/O, which a loop of resolved promises would starve.
      while (await b.repos.partnerAccounts.activeAuthVersion(partnerId) !== version) await new Promise((resolve) => setImmediate(resolve));
      delays.push(performance.now() - t0);
    }
  } finally {
    await b.close();
  }
  delays.sort((x, y) => x - y);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!.toFixed(2);
  console.log(`another instance: a revoked token refused after p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms (${delays.length} rounds, from A's UPDATE to B answering the new version)`);
}
