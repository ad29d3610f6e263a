// npm run bench feeds: the XML feed of a 500-direction rate table (plain, gzip, and a 304
// revalidation), each next to a baseline route on the same server that sends a fixed Buffer of
// the same bytes with the same headers; then the time to rebuild every feed after all 500
// rates change. Targets: the feed within 5% of its baseline; rebuild < 20 ms.
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { createServer, ratelink } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { DirectionValues } from '../../src/db/repos.js';
import { normaliseDirection } from '../../src/services/rates/direction-input.js';
import { createFeed } from '../../src/services/feeds/feeds.js';
import type { Variant } from '../../src/services/feeds/representation.js';
import { abba, ABBA_SLICES, load, machine, stealMeter, type LoadResult } from '../lib.js';
import { rateInput } from '../rate-table.js';

const DIRECTIONS = 500;
const REBUILD_WARMUP = 10;
const REBUILD_ROUNDS = 40;
const duration = Number(process.env.BENCH_DURATION ?? 10);

export async function run() {
  const baselines: Record<string, Variant> = {};
  const config = { ...loadConfig({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'bench-admin-token-0123456789-abcdefghij', RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl', RATELINK_SITE_URL: 'http://localhost:3000' }), dbPath: ':memory:', logLevel: 'warn' };
  // The app, and beside it on the same server the baseline routes, as a plugin of the bench's own.
  const app = createServer(config);
  await app.register(ratelink, { config });
  await app.register(async (server) => addBaselines(server, baselines));
  await app.ready();
  try {
    await app.repos.directions.replaceAll(rateTable(1), now());
    const feed = await createFeed(app.repos, app.config, { name: 'bench', dialect: 'classic' });
    const eref = await createFeed(app.repos, app.config, { name: 'bench-eref', dialect: 'eref11' });
    await app.feedCache.refresh();
    const xml = app.feedCache.lookup(feed.code)!.xml;
    for (const encoding of ['identity', 'gzip'] as const) {
      const v = await xml.variant(encoding);
      // A copy of the same bytes (the client decodes bodies: binary gzip costs it more than
      // ASCII) and the same headers (another ETag of the same length): only the route differs.
      baselines[encoding] = { ...v, headers: { ...v.headers, etag: v.etag.replace(/[A-Za-z0-9]/g, 'b') }, body: Buffer.from(v.body) };
    }
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    console.log(`${machine()}; ${DIRECTIONS} directions, XML ${xml.variants.identity.body.length} B, gzip ${baselines.gzip!.body.length} B; ${duration} s per run, 50 connections`);

    const feedUrl = `${address}/service/export/xml/${feed.code}`;
    const rows: Array<[string, LoadResult, LoadResult]> = [];
    // The client runs in a worker thread: the server keeps the main event loop to itself.
    const client = { workers: 1 };
    await autocannon({ url: feedUrl, duration: 1, workers: 1 }); // warm-up (JIT), not reported
    await autocannon({ url: `${address}/bench/baseline/identity`, duration: 1, workers: 1 });
    const pair = async (title: string, requestOptions: object, baselinePath: string) => {
      const slice = { ...client, duration: Math.max(1, duration / ABBA_SLICES), ...requestOptions };
      rows.push([title, ...await abba(
        () => load(`feed ${title}`, { url: feedUrl, ...slice }),
        () => load(`baseline ${title}`, { url: `${address}${baselinePath}`, ...slice }),
      )]);
    };
    await pair('xml plain', {}, '/bench/baseline/identity');
    await pair('xml gzip', { headers: { 'accept-encoding': 'gzip' } }, '/bench/baseline/gzip');
    await pair('xml 304', { headers: { 'if-none-match': xml.variants.identity.etag } }, '/bench/baseline/304');
    // A/A: the baseline against a copy of itself. How far this strays from 100% is how much of
    // the rows above is this machine's noise rather than a difference between the routes.
    rows.push(['a/a: baseline vs its copy', ...await abba(
      () => load('baseline copy xml plain', { url: `${address}/bench/baseline/copy`, ...client, duration: Math.max(1, duration / ABBA_SLICES) }),
      () => load('baseline xml plain', { url: `${address}/bench/baseline/identity`, ...client, duration: Math.max(1, duration / ABBA_SLICES) }),
    )]);
    printTable(rows);
    console.log(`\n${REBUILD_ROUNDS} pushes of all ${DIRECTIONS} rates each, after ${REBUILD_WARMUP} of warm-up:`);
    // Compressed forms are made with each version for what monitors fetch (feed-demand.ts):
    // first as monitors fetch (each feed's XML in gzip), then with every form fetched.
    const fetch = (format: string, code: string, encoding: string) =>
      app.inject({ url: `/service/export/${format}/${code}`, headers: { 'accept-encoding': encoding } });
    await fetch('xml', eref.code, 'gzip');
    await measureRebuild(app, 'fetched: each feed\'s XML in gzip');
    for (const code of [feed.code, eref.code]) {
      for (const format of ['xml', 'json', 'txt']) for (const encoding of ['gzip', 'br']) await fetch(format, code, encoding);
    }
    await measureRebuild(app, 'fetched: both feeds in 3 formats × gzip, br');
  } finally {
    await app.close();
  }
}

/** Fixed Buffers, sent exactly as the feed route sends its prebuilt ones. */
function addBaselines(server: FastifyInstance, baselines: Record<string, Variant>) {
  server.get('/bench/baseline/identity', { logLevel: 'warn' }, (_request, reply) => {
    reply.headers(baselines.identity.headers).send(baselines.identity.body);
  });
  server.get('/bench/baseline/copy', { logLevel: 'warn' }, (_request, reply) => {
    reply.headers(baselines.identity.headers).send(baselines.identity.body);
  });
  server.get('/bench/baseline/gzip', { logLevel: 'warn' }, (_request, reply) => {
    reply.headers(baselines.gzip.headers).send(baselines.gzip.body);
  });
  server.get('/bench/baseline/304', { logLevel: 'warn' }, (_request, reply) => {
    reply.code(304).headers(baselines.identity.notModifiedHeaders).send();
  });
}

/**
 * What an operator's rate push costs: PATCH /admin/directions with all 500 rates changed, then
 * the rebuild it triggers (read, publish, render 2 feeds × 3 formats, compress what is
 * fetched), as the cache times it itself. Pushes are spaced like a rate engine's (one every 250 ms).
 */
async function measureRebuild(app: FastifyInstance, title: string) {
  const pushes: number[] = [];
  const rebuilds: number[] = [];
  const authorization = `Bearer ${app.config.adminToken}`;
  const steal = stealMeter();
  // 10 rounds of warm-up (JIT), not reported: a server rebuilds all day, the steady state counts.
  for (let round = 2; round < 2 + REBUILD_WARMUP + REBUILD_ROUNDS; round++) {
    const started = performance.now();
    const res = await app.inject({ method: 'PATCH', url: '/admin/directions', headers: { authorization }, payload: rateInput(DIRECTIONS, round) });
    const pushed = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`push failed: ${res.statusCode} ${res.body}`);
    await app.feedCache.settle();
    if (round >= 2 + REBUILD_WARMUP) {
      pushes.push(pushed);
      rebuilds.push(app.feedCache.status().lastBuildMs);
    }
    await new Promise((resolve) => setTimeout(resolve, 250 - (performance.now() - started)));
  }
  console.log(`${title}: rebuild of all feeds ${quantiles(rebuilds)} (target < 20 ms); PATCH of the rates ${quantiles(pushes)}${steal()}`);
}

function quantiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => `${sorted[Math.floor(q * (sorted.length - 1))]!.toFixed(1)} ms`;
  return `median ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)}`;
}

function printTable(rows: Array<[string, LoadResult, LoadResult]>) {
  console.log('\n| scenario | feed req/s | feed p99 | baseline req/s | baseline p99 | feed / baseline |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [title, f, b] of rows) {
    console.log(`| ${title} | ${f.rps} | ${f.p99} ms | ${b.rps} | ${b.p99} ms | ${(f.rps / b.rps * 100).toFixed(1)}% |`);
  }
}

/** The same table, as stored. */
export function rateTable(round: number): DirectionValues[] {
  return rateInput(DIRECTIONS, round).map((input) => normaliseDirection(input, String));
}

function now() {
  return Math.floor(Date.now() / 1000);
}
