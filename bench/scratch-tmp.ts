import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { directions } from '../src/db/schema.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const mem = process.argv[2] === 'mem';
const app = await buildApp({ ...loadConfig({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'bench-admin-token-0123456789' }), dbPath: mem ? ':memory:' : join(mkdtempSync(join(tmpdir(), 'x-')), 'l.db'), clickIpLimit: 0, logLevel: 'warn' },
  { extend: (s) => { s.get('/b', (_q, r) => { r.header('cache-control','no-store').redirect('https://x.example/exchange/PMUSD/BTC/', 302); }); } });
const p = await app.repos.partners.insert({ name: 'b', email: 'b@x', rewardPercent: '0' });
await app.repos.links.insert({ code: 'BenchRef', partnerId: p.id });
app.db.db.insert(directions).values({ from: 'PMUSD', to: 'BTC', in: '1', out: '1', amount: '1', updatedAt: 0 }).run();
const orig = app.repos.clicks.insertBatch; const sizes: number[] = [];
let busy = 0n; (app.repos.clicks as any).insertBatchX = (b: any, w: any) => { sizes.push(b.length); const t0 = process.hrtime.bigint(); const r = orig(b, w); busy += process.hrtime.bigint() - t0; return r; };
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const ua = { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' };
for (const path of (process.argv[3] === 'ref' ? ['/ref/BenchRef?cur_from=PMUSD&cur_to=BTC'] : ['/b', '/ref/BenchRef?cur_from=PMUSD&cur_to=BTC', '/b', '/ref/BenchRef?cur_from=PMUSD&cur_to=BTC'])) {
  sizes.length = 0; busy = 0n;
  const cpu0 = process.cpuUsage();
  const r = await autocannon({ url: address + path, duration: 3, connections: 50, headers: ua });
  const cpu = process.cpuUsage(cpu0);
  console.log(path, Math.round(r.requests.average), 'rps p99', r.latency.p99, 'batches', sizes.length, 'avg', (sizes.reduce((a, b) => a + b, 0) / (sizes.length||1)).toFixed(1), 'cpu us/req', ((cpu.user + cpu.system) / r.requests.total).toFixed(0), 'write ms total', Number(busy / 1000000n), 'of', r.duration * 1000);
}
await app.close();
