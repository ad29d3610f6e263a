// npm run bench ref: /ref/:code?cur_from=..&cur_to=.. under 50 connections, every request a
// new visitor (no cookie) and a recorded click (IP limit off, browser user agent), next to a
// baseline route on the same server that sends a fixed 302 with the same headers without
// touching the database. The ledger is a file database (WAL, synchronous=FULL) in a temp dir.
// Target: /ref at >= 50% of the baseline's requests/second, every click durable
// before its redirect (checked after the run: clicks rows == 302s the server sent).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createServer, ratelink } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { abba, ABBA_SLICES, load, machine } from '../lib.js';
import { createSchema, type Schema } from '../instances.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = 50;
const SITE = 'https://exchanger.example';
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
// What /ref sends, fixed: same status, Location, Cache-Control and a cookie of the same size.
const BASELINE_COOKIE = 'ratelink_uid=BaselineVisitor00000_SignatureSignatureSig; Max-Age=7776000; Path=/; HttpOnly; Secure; SameSite=Lax';

// BENCH_DATABASE_URL=postgres://…: the same on PostgreSQL, in a schema of its own dropped after.
const PG_URL = process.env.BENCH_DATABASE_URL;

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-bench-ref-'));
  const schema: Schema | null = PG_URL ? await createSchema(PG_URL, 'bench') : null;
  const counter = { sent302: 0 };
  const config = {
    ...loadConfig({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'bench-admin-token-0123456789-abcdefghij', RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl', RATELINK_SITE_URL: 'http://localhost:3000' }),
    dbPath: join(dir, 'ledger.db'), databaseUrl: schema?.url ?? null, siteUrl: SITE, clickIpLimit: 0, logLevel: 'warn',
  };
  // The app, and beside it on the same server the baseline route, as a plugin of the bench's own.
  const app = createServer(config);
  await app.register(ratelink, { config });
  // Not encapsulated: its onSend hook must see the redirects of /ref too.
  await app.register(fp(async (server) => addBaseline(server, counter)));
  await app.ready();
  try {
    const partner = await app.repos.partners.insert({ name: 'Bench monitor', email: 'bench@example.test', rewardPercent: '0.5' });
    await app.repos.links.insert({ code: 'BenchRef', partnerId: partner.id });
    await app.repos.directions.upsertMany([{
      from: 'PMUSD', to: 'BTC', in: '1', out: '0.0000152', amount: '12', minamount: '0', maxamount: '0', minfee: null, fromfee: null,
      tofee: null, floating: null, delay: null, param: [], city: [], active: true,
    }], 0);
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const engine = schema ? `PostgreSQL (${PG_URL!.replace(/\/\/[^@]*@/, '//')}, pool ${config.databasePoolSize})` : 'file database (WAL, synchronous=FULL)';
    console.log(`${machine()}; ${engine}; ${duration} s per run, ${connections} connections; load average ${loadavg()[0]!.toFixed(1)}`);

    // The same client for both runs, in a worker thread (the server keeps the main event
    // loop): a browser user agent, no cookie, so every /ref request is a new visitor.
    const options = (path: string) => ({ url: `${address}${path}`, duration, connections, workers: 1, headers: { 'user-agent': USER_AGENT } });
    // Warm both routes up (JIT, caches, the writer thread) before measuring.
    for (const path of ['/bench/baseline-302', '/ref/BenchRef?cur_from=PMUSD&cur_to=BTC']) await autocannon({ ...options(path), duration: 1 });
    await settle();
    // Alternating runs (see BENCHMARKS.md): the machine's drifts hit /ref and the baseline alike.
    const slice = (path: string) => ({ ...options(path), duration: Math.max(1, duration / ABBA_SLICES) });
    const before = await app.repos.clicks.count();
    counter.sent302 = 0;
    let refBusy = 0;
    const [ref, baseline] = await abba(
      async () => {
        const start = performance.eventLoopUtilization();
        const result = await load('/ref/:code?cur_from&cur_to (new visitor each)', slice('/ref/BenchRef?cur_from=PMUSD&cur_to=BTC'));
        refBusy += performance.eventLoopUtilization(start).utilization / ABBA_SLICES;
        return result;
      },
      () => load('baseline fixed 302', slice('/bench/baseline-302')),
    );
    await settle();
    const rows = await app.repos.clicks.count() - before;

    const ratio = ref.rps / baseline.rps;
    console.log(`\n| route | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|`);
    console.log(`| baseline fixed 302 | ${baseline.rps} | ${baseline.p50} | ${baseline.p99} |`);
    console.log(`| /ref/:code (click recorded) | ${ref.rps} | ${ref.p50} | ${ref.p99} |`);
    console.log(`\n/ref at ${(ratio * 100).toFixed(1)}% of the baseline (target >= 50%): ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
    const received = ref.statusCodes['302'] ?? 0;
    // autocannon stops counting at the deadline; up to one request per connection and run is
    // then still in flight: the server finishes it (row and 302), the client no longer counts it.
    console.log(`302s received by autocannon ${received}, 302s sent by /ref ${counter.sent302}, clicks rows ${rows}`);
    console.log(`server event loop busy during /ref: ${(refBusy * 100).toFixed(0)}%`);
    const durable = rows === counter.sent302 && received <= rows && rows <= received + ABBA_SLICES * connections;
    console.log(durable ? 'check passed: one durable click row per 302 sent' : 'CHECK FAILED: clicks rows differ from the 302s sent');
    if (!durable || ref.errors > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function addBaseline(server: FastifyInstance, counter: { sent302: number }) {
  server.get('/bench/baseline-302', { logLevel: 'warn' }, (_request, reply) => {
    reply.header('set-cookie', BASELINE_COOKIE).header('cache-control', 'no-store').redirect(`${SITE}/exchange/PMUSD/BTC/`, 302);
  });
  // Counts the redirects /ref decided to send: each one only after its click committed.
  server.addHook('onSend', async (request, reply) => {
    if (reply.statusCode === 302 && request.url.startsWith('/ref/')) counter.sent302++;
  });
}

/** Requests in flight when autocannon stopped still finish on the server: let them. */
function settle() {
  return new Promise((resolve) => setTimeout(resolve, 500));
}
