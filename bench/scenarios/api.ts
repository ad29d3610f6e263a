// The partner API under load: get_links and get_exchanges over one-day and 30-day windows on
// a ledger of 1,000,000 clicks and 100,000 exchanges by default (bench/seed-api.ts), for the median
// partner (the target: p99 < 20 ms for one day) and, for scale, the busiest one.
// BENCH_API_DB=path reuses a ledger seeded earlier with `npx tsx bench/seed-api.ts path`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { issueApiKey } from '../../src/services/partners/api-keys.js';
import { load, machine } from '../lib.js';
import { seedApiLedger } from '../seed-api.js';
import { schemaUrl, seedApiLedgerSql } from '../seed-api-pg.js';
import { createSchema } from '../instances.js';
import { MAX_OFFSET } from '../../src/services/partner-api/params.js';

const DAY = 86_400;
// Partners poll their statistics; a handful of concurrent clients is the realistic load. The
// autocannon client runs in a worker thread, so the server keeps the main event loop.
const CONNECTIONS = 10;

// Size: BENCH_API_CLICKS / BENCH_API_EXCHANGES (default 1,000,000 / 100,000, 1,000 partners).
// BENCH_DATABASE_URL=postgres://…: seeded by SQL (bench/seed-api-pg.ts) into BENCH_API_SCHEMA,
// kept for the next run (a schema with partners is reused as it is), or into a new schema dropped after.
// SQLite: BENCH_API_DB=path is reused if it exists, else seeded there and kept.
async function ledger(): Promise<{ dbPath: string; databaseUrl: string | null; busiestClicks?: number; cleanup: () => void | Promise<void> }> {
  const size = { clicks: Number(process.env.BENCH_API_CLICKS ?? 1_000_000), exchanges: Number(process.env.BENCH_API_EXCHANGES ?? 100_000) };
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (pgUrl) {
    const kept = process.env.BENCH_API_SCHEMA;
    const schema = kept ? { url: await schemaUrl(pgUrl, kept), drop: async () => {} } : await createSchema(pgUrl, 'bench');
    try {
      const seeded = await seedApiLedgerSql(schema.url, size);
      console.log(`PostgreSQL: ${seeded.reused ? `reused schema ${kept}` : `seeded ${size.clicks} clicks + ${size.exchanges} exchanges over 1,000 partners in ${seeded.seconds.toFixed(1)} s`}: `
        + `median partner ${seeded.median.clicks} counted clicks / ${seeded.median.exchanges} exchanges, busiest ${seeded.busiest.clicks} / ${seeded.busiest.exchanges}`);
      return { dbPath: '', databaseUrl: schema.url, busiestClicks: seeded.busiest.clicks, cleanup: () => schema.drop() };
    } catch (error) {
      await schema.drop();
      throw error;
    }
  }
  const reuse = process.env.BENCH_API_DB;
  if (reuse && existsSync(reuse)) return { dbPath: reuse, databaseUrl: null, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-bench-api-'));
  const seeded = await seedApiLedger(reuse ?? join(dir, 'api.db'), size);
  console.log(`seeded ${size.clicks} clicks + ${size.exchanges} exchanges over 1,000 partners in ${seeded.seconds.toFixed(1)} s: `
    + `median partner ${seeded.median.clicks} counted clicks / ${seeded.median.exchanges} exchanges, busiest ${seeded.busiest.clicks} / ${seeded.busiest.exchanges}`);
  return { dbPath: seeded.dbPath, databaseUrl: null, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function run() {
  const { dbPath, databaseUrl, busiestClicks, cleanup } = await ledger();
  const app = await buildApp(loadConfig({
    RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'bench-admin-token-0123456789-abcdefghij', RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl', RATELINK_SITE_URL: 'http://localhost:3000',
    ...(databaseUrl ? { RATELINK_DATABASE_URL: databaseUrl } : { RATELINK_DB: dbPath }),
    RATELINK_API_RATE_LIMIT: '1000000', LOG_LEVEL: 'warn',
  }));
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/service/partner/api.php`;
    // Seeded partner ids: 501 is the median of the volume distribution, 1 the busiest.
    const partners = [['median', 501], ['busiest', 1]] as const;
    const now = 1_767_225_600;
    const duration = Number(process.env.BENCH_DURATION ?? 10);
    console.log(`${machine()}; ${CONNECTIONS} connections, ${duration} s each`);
    for (const [label, id] of partners) {
      const { api_key: key } = await issueApiKey(app.repos, id);
      for (const method of ['get_links', 'get_exchanges']) {
        for (const days of label === 'median' ? [1, 30] : [30]) {
          const url = `${base}?api_action=pp&api_key=${key}&method=${method}&start_time=${now - days * DAY + 1}&end_time=${now}`;
          const sample = await (await fetch(url)).json() as { status: string; data: { items: object } };
          if (sample.status !== 'success') throw new Error(`${method} answered ${JSON.stringify(sample)}`);
          const count = Object.keys(sample.data.items).length;
          await load('warm-up (JIT, page cache), not reported', { url, duration: 1, connections: CONNECTIONS, workers: 1 });
          await load(`${method} ${days}d, ${label} partner (${count} items)`, { url, duration, connections: CONNECTIONS, workers: 1 });
        }
      }
    }
    // A smaller seed has no page at the deepest offset allowed.
    if (busiestClicks === undefined || busiestClicks >= MAX_OFFSET + 10) await deepestPages(base, (await issueApiKey(app.repos, 1)).api_key, now, duration);
    else console.log(`deepest pages skipped: the busiest partner has ${busiestClicks} counted clicks, fewer than offset ${MAX_OFFSET} + 10`);
  } finally {
    await app.close();
    await cleanup();
  }
}

/**
 * The deepest pages a partner may ask for (p99 under 20 ms on a million
 * clicks): the largest offset allowed, and a keyset cursor deep in the busiest partner's month.
 */
async function deepestPages(base: string, key: string, now: number, duration: number) {
  const api = `${base}?api_action=pp&api_key=${key}&method=get_links&limit=10`;
  for (const [label, url] of [
    [`get_links limit=10 offset=${MAX_OFFSET} (deepest offset allowed), busiest partner`, `${api}&offset=${MAX_OFFSET}`],
    ['get_links limit=10 cursor 25 days back, busiest partner', `${api}&cursor=${now - 25 * DAY}-${Number.MAX_SAFE_INTEGER}`],
  ] as const) {
    const sample = await (await fetch(url)).json() as { status: string; data: { items: object } };
    if (sample.status !== 'success' || Object.keys(sample.data.items).length !== 10) throw new Error(`${label}: ${JSON.stringify(sample).slice(0, 200)}`);
    await load('warm-up (JIT, page cache), not reported', { url, duration: 1, connections: CONNECTIONS, workers: 1 });
    await load(label, { url, duration, connections: CONNECTIONS, workers: 1 });
  }
}
