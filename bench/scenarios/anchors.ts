// npm run bench anchors: ratelink as operators run it (its own process, production mode, a file
// database) against anchors outside the app serving the same bytes with the same headers:
// nginx (a static file, plain and gzip_static; `return 302`) and a bare Fastify process (fixed
// Buffers; a fixed 302). Loaded by wrk, 50 connections, each server in turn (rotating order,
// BENCH_DURATION seconds each in 4 slices). Targets (operator-experience issue, §9): both feed
// paths within 10% of bare Fastify; /ref >= 0.5x bare Fastify with every click durable before
// its redirect, p99 under 15 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startBareFastify } from '../anchors/bare-fastify.js';
import { nginxAvailable, startNginx } from '../anchors/nginx.js';
import { startRatelink, type RatelinkProcess } from '../anchors/ratelink-process.js';
import type { AnchorResponse, RunningAnchor } from '../anchors/spec.js';
import { wrk, wrkAvailable } from '../anchors/wrk.js';
import { machine, type LoadResult } from '../lib.js';
import { rateInput } from '../rate-table.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const SLICES = 4;
const CONNECTIONS = 50;
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const REF_PATH = '/ref/BenchRef/?cur_from=PMUSD&cur_to=BTC';

interface Route {
  title: string;
  path: string;
  headers: Record<string, string>;
}

export async function run() {
  if (!wrkAvailable()) {
    console.log('skipped: wrk is not installed (apt-get install wrk)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-bench-anchors-'));
  const servers: RunningAnchor[] = [];
  try {
    const ratelink = await startRatelink(dir, { RATELINK_CLICK_IP_LIMIT: '0' });
    servers.push(ratelink);
    const feedPath = await seed(ratelink);
    const responses = await captureResponses(ratelink.origin, feedPath);
    const anchors: Array<[string, RunningAnchor]> = [['bare Fastify', await startBareFastify({ responses }, dir)]];
    if (nginxAvailable()) anchors.push(['nginx', await startNginx({ responses }, dir)]);
    else console.log('nginx is not installed (apt-get install nginx): compared with bare Fastify only');
    servers.push(...anchors.map(([, anchor]) => anchor));
    console.log(`${machine()}; wrk -t1 -c${CONNECTIONS}, ${duration} s per server in ${SLICES} rotating slices`);

    // The anchors answer the same paths: every server is sent the same request bytes.
    const routes: Route[] = [
      { title: 'feed xml plain', path: feedPath, headers: {} },
      { title: 'feed xml gzip', path: feedPath, headers: { 'accept-encoding': 'gzip' } },
      { title: '/ref (durable click)', path: REF_PATH, headers: { 'user-agent': USER_AGENT } },
    ];
    const table: string[] = [];
    // BENCH_ANCHOR_ROUTES=ref (or feed): only the routes whose title contains one of the words.
    const only = process.env.BENCH_ANCHOR_ROUTES?.split(',');
    for (const route of routes.filter((r) => !only || only.some((word) => r.title.includes(word)))) {
      const clicksBefore = clickRows(ratelink.dbPath);
      const results = await rotate(route, ratelink, anchors);
      const ours = results.get('ratelink')!;
      if (route.path === REF_PATH) checkDurable(ours, clickRows(ratelink.dbPath) - clicksBefore);
      for (const [name, result] of results) {
        const ratio = name === 'ratelink' ? '' : `${(ours.rps / result.rps).toFixed(2)}x`;
        table.push(`| ${route.title} | ${name} | ${result.rps} | ${result.p50} | ${result.p99} | ${ratio} |`);
      }
    }
    console.log('\n| route | server | req/s | p50 ms | p99 ms | ratelink / this |\n|---|---|---:|---:|---:|---:|');
    console.log(table.join('\n'));
  } finally {
    for (const server of servers.reverse()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A monitor's feed over 500 directions and a partner's link, through the admin API. */
async function seed(ratelink: RatelinkProcess): Promise<string> {
  await ratelink.admin('PUT', '/admin/directions', [...rateInput(499, 1), { from: 'PMUSD', to: 'BTC', in: '1', out: '0.0000152', amount: '12' }]);
  const partner = await ratelink.admin('POST', '/admin/partners', { name: 'Bench monitor', email: 'bench@example.test', reward_percent: '0.5' }) as { id: number };
  await ratelink.admin('POST', `/admin/partners/${partner.id}/links`, { code: 'BenchRef' });
  const feed = await ratelink.admin('POST', '/admin/feeds', { name: 'bench', dialect: 'classic' }) as { code: string };
  const path = `/service/export/xml/${feed.code}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await fetch(`${ratelink.origin}${path}`)).status === 200) return path;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the feed was not served within 5 s');
}

/** What ratelink answers, byte for byte, for the anchors to serve. */
async function captureResponses(origin: string, feedPath: string): Promise<AnchorResponse[]> {
  const plain = await fetch(`${origin}${feedPath}`);
  const ref = await fetch(`${origin}${REF_PATH}`, { redirect: 'manual', headers: { 'user-agent': USER_AGENT } });
  const body = Buffer.from(await plain.arrayBuffer());
  const gzip = await gzipResponse(origin, feedPath);
  return [
    { path: feedPath, status: 200, headers: sentHeaders(plain), body, gzip: gzip.body, gzipHeaders: gzip.headers },
    { path: REF_PATH.split('?')[0]!, status: ref.status, headers: sentHeaders(ref) },
  ];
}

/** The headers an anchor sets itself (framing, date) are left to it. */
const OWN_HEADERS = ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-encoding'];

function sentHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => !OWN_HEADERS.includes(name)));
}

/** The gzip bytes and headers as sent (fetch would decode them); its ETag differs from the plain one. */
function gzipResponse(origin: string, path: string): Promise<{ body: Buffer; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    request(`${origin}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => {
        if (response.headers['content-encoding'] !== 'gzip') return reject(new Error('the feed was not sent gzip-encoded'));
        const headers = Object.entries(response.headers).filter(([name]) => !OWN_HEADERS.includes(name));
        resolve({ body: Buffer.concat(chunks), headers: Object.fromEntries(headers.map(([name, value]) => [name, String(value)])) });
      });
    }).on('error', reject).end();
  });
}

/** Each server in turn, SLICES times, the order rotating so that drifts of the machine hit all. */
async function rotate(route: Route, ratelink: RunningAnchor, anchors: Array<[string, RunningAnchor]>) {
  const servers: Array<[string, string]> = [['ratelink', `${ratelink.origin}${route.path}`], ...anchors.map(([name, a]): [string, string] => [name, `${a.origin}${route.path}`])];
  const runs = new Map<string, Array<LoadResult & { requests: number }>>(servers.map(([name]) => [name, []]));
  for (const [name, url] of servers) await wrk(`warm-up ${route.title} ${name}`, { url, seconds: 1, connections: CONNECTIONS, headers: route.headers });
  for (let slice = 0; slice < SLICES; slice++) {
    const order = servers.map((_, i) => servers[(i + slice) % servers.length]!);
    for (const [name, url] of order) {
      runs.get(name)!.push(await wrk(`${route.title} ${name}`, { url, seconds: Math.max(1, duration / SLICES), connections: CONNECTIONS, headers: route.headers }));
    }
  }
  return new Map([...runs].map(([name, results]) => [name, average(results)]));
}

function average(runs: Array<LoadResult & { requests: number }>): LoadResult & { requests: number } {
  const mean = (pick: (r: LoadResult) => number) => runs.reduce((sum, r) => sum + pick(r), 0) / runs.length;
  return {
    ...runs[0]!,
    rps: Math.round(mean((r) => r.rps)),
    p50: Math.round(mean((r) => r.p50) * 100) / 100,
    p99: Math.max(...runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
  };
}

/** Every 302 received came after its click committed: rows >= responses; at most the requests in flight at each stop more. */
function checkDurable(ref: LoadResult & { requests: number }, rows: number) {
  // The warm-up's requests are rows too.
  const ok = rows >= ref.requests;
  console.log(`/ref: ${ref.requests} responses counted by wrk in the measured slices, ${rows} click rows written (warm-up included): ${ok ? 'check passed' : 'CHECK FAILED'}`);
  if (!ok || ref.errors > 0 || ref.non2xx > 0) process.exitCode = 1;
}

function clickRows(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('select count(*) from clicks').pluck().get() as number;
  } finally {
    db.close();
  }
}
