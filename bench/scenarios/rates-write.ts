// npm run bench rates-write: what a write of a large rate table costs the operator. PUT
// /admin/directions, PATCH of every rate and the XML import (replace) of BENCH_RATES_DIRECTIONS
// directions (default 10,000) through app.inject, on a file database (WAL, as the server), with
// two feeds (classic and EREF 1.1) whose XML monitors fetch in gzip. Each write answers only
// after the feeds serve it (docs/admin-api.md, read your writes), so the time includes the
// rebuild; the rebuild's own share is the cache's timing of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createFeed } from '../../src/services/feeds/feeds.js';
import { machine, stealMeter } from '../lib.js';

const WARMUP = 2;

/** `count` directions over enough currencies (n × (n − 1) ≥ count), every rate moved by `round`. */
export function largeRateInput(count: number, round: number): Array<Record<string, unknown>> {
  const n = Math.ceil(Math.sqrt(count)) + 1;
  const codes = Array.from({ length: n }, (_, i) => (i % 10 === 9 ? `CASH${i}` : `C${String(i).padStart(3, '0')}X`));
  const table: Array<Record<string, unknown>> = [];
  for (let i = 0; table.length < count; i++) {
    const from = codes[Math.floor(i / (n - 1))]!;
    const other = i % (n - 1);
    const to = codes[other >= codes.indexOf(from) ? other + 1 : other]!;
    const cash = from.startsWith('CASH') || to.startsWith('CASH');
    table.push({
      from, to, in: '1', out: `${(i % 97) + 1}.${String(1000 + ((i * 31 + round * 17) % 9000)).padStart(4, '0')}`,
      amount: '250000', minamount: '0.5', maxamount: '1000', param: i % 5 === 0 ? ['manual'] : [], city: cash ? ['MSK', 'SPB'] : [],
      ...(i % 9 === 0 ? { fromfee: '0.5%' } : {}),
    });
  }
  return table;
}

/** The same table as a classic BestChange XML export (one <item> per city, as engines write it). */
function asXml(table: Array<Record<string, unknown>>): string {
  const items = table.flatMap((d) => {
    const body = `<from>${d.from}</from><to>${d.to}</to><in>${d.in}</in><out>${d.out}</out><amount>${d.amount}</amount>`
      + `<minamount>${d.minamount}</minamount><maxamount>${d.maxamount}</maxamount>${d.fromfee ? `<fromfee>${d.fromfee}</fromfee>` : ''}`
      + (d.param as string[]).map((p) => `<param>${p}</param>`).join('');
    const cities = d.city as string[];
    return cities.length ? cities.map((c) => `<item>${body}<city>${c}</city></item>`) : [`<item>${body}</item>`];
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rates>\n${items.join('\n')}\n</rates>\n`;
}

export async function run() {
  const count = Number(process.env.BENCH_RATES_DIRECTIONS ?? 10_000);
  const rounds = Number(process.env.BENCH_RATES_ROUNDS ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-bench-rates-'));
  const app = await buildApp(loadConfig({
    RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'bench-admin-token-0123456789-abcdefghij', RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl',
    RATELINK_SITE_URL: 'http://localhost:3000', RATELINK_DB: join(dir, 'rates.db'), LOG_LEVEL: 'warn',
  }));
  const authorization = `Bearer ${app.config.adminToken}`;
  try {
    const classic = await createFeed(app.repos, app.config, { name: 'bench', dialect: 'classic' });
    const eref = await createFeed(app.repos, app.config, { name: 'bench-eref', dialect: 'eref11' });
    const write = async (method: 'PUT' | 'PATCH' | 'POST', round: number) => {
      const table = largeRateInput(count, round);
      const json = method !== 'POST';
      const payload = json ? JSON.stringify(table) : asXml(table);
      const started = performance.now();
      const res = await app.inject({
        method, url: json ? '/admin/directions' : '/admin/directions/import?replace=true', payload,
        headers: { authorization, 'content-type': json ? 'application/json' : 'application/xml' },
      });
      const took = performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`${method}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return { took, rebuild: app.feedCache.status().lastBuildMs, bytes: payload.length };
    };
    await write('PUT', 0);
    // What monitors fetch: each feed's XML in gzip (the cache compresses those with each version).
    for (const code of [classic.code, eref.code]) await app.inject({ url: `/service/export/xml/${code}`, headers: { 'accept-encoding': 'gzip' } });
    console.log(`${machine()}; ${count} directions, ${rounds} writes of each kind after ${WARMUP} of warm-up`);
    for (const [label, method] of [['PUT /admin/directions', 'PUT'], ['PATCH /admin/directions (every rate)', 'PATCH'], ['POST /admin/directions/import?replace=true (XML)', 'POST']] as const) {
      const steal = stealMeter();
      const took: number[] = [];
      const rebuilds: number[] = [];
      let bytes = 0;
      for (let round = 1; round <= WARMUP + rounds; round++) {
        const r = await write(method, round);
        bytes = r.bytes;
        if (round > WARMUP) { took.push(r.took); rebuilds.push(r.rebuild); }
      }
      console.log(`${label}, ${(bytes / 1e6).toFixed(1)} MB: answered ${quantiles(took)}; of it the feed rebuild ${quantiles(rebuilds)}${steal()}`);
    }
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function quantiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => `${sorted[Math.floor(q * (sorted.length - 1))]!.toFixed(0)} ms`;
  return `median ${at(0.5)}, max ${at(1)}`;
}
