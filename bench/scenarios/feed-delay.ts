// npm run bench feed-delay: two instances (separate processes) on one PostgreSQL schema; a rate
// is pushed to A (PATCH /admin/directions) and B's JSON feed is fetched every millisecond until
// it serves the new value. The figure is the time from A's 200 to B's first response with the
// new bytes (LISTEN/NOTIFY; B's poll is set to 10 minutes so that only the push can explain it).
// Target: p99 < 100 ms. Needs PostgreSQL (BENCH_DATABASE_URL, default the local test database)
// and a build (npm run bench builds dist/).
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { admin, createSchema, startInstance } from '../instances.js';
import { machine } from '../lib.js';

const DATABASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PUSHES = Number(process.env.BENCH_FEED_PUSHES ?? 200);

const direction = (out: number) => ({ from: 'BTC', to: 'SBERRUB', in: '1', out: String(out), amount: '4850000', minamount: '0.002', maxamount: '0.75' });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function run() {
  const schema = await createSchema(DATABASE, 'bench');
  const env = { RATELINK_DATABASE_URL: schema.url, RATELINK_FEED_POLL_MS: '600000', RATELINK_DATABASE_POOL_SIZE: '4' };
  const a = await startInstance(env);
  const b = await startInstance(env);
  try {
    // The demo's size of rate table is not needed: one feed over a few directions, as a monitor polls it.
    await admin(a.url, 'PUT', '/admin/directions', Array.from({ length: 40 }, (_, i) => ({ ...direction(6_000_000), to: `CUR${i}` })));
    const feed = await admin(a.url, 'POST', '/admin/feeds', { name: 'monitor' });
    const code = (feed.body as { code: string }).code;
    const feedUrl = `${b.url}/service/export/json/${code}`;
    while ((await fetch(feedUrl)).status !== 200) await sleep(5);
    console.log(`${machine()}; PostgreSQL ${DATABASE.replace(/\/\/[^@]*@/, '//')}; ${PUSHES} pushes; two processes, shared cores; load average ${loadavg()[0]!.toFixed(1)}`);

    const delays: number[] = [];
    let timeouts = 0;
    for (let i = 1; i <= PUSHES; i++) {
      const out = 6_000_000 + i;
      const pushed = await admin(a.url, 'PATCH', '/admin/directions', [{ ...direction(out), to: 'CUR0' }]);
      if (pushed.status !== 200) throw new Error(`push answered ${pushed.status}`);
      const acknowledged = performance.now();
      let served = false;
      while (performance.now() - acknowledged < 5000) {
        if ((await (await fetch(feedUrl)).text()).includes(String(out))) {
          served = true;
          break;
        }
        await sleep(1);
      }
      if (served) delays.push(performance.now() - acknowledged);
      else timeouts++;
      await sleep(10);
    }
    delays.sort((x, y) => x - y);
    const f = (n: number) => n.toFixed(1);
    console.log(`push on A (200) → B serves the new bytes: p50 ${f(percentile(delays, 50))} ms  p90 ${f(percentile(delays, 90))} ms  p99 ${f(percentile(delays, 99))} ms  max ${f(delays.at(-1)!)} ms  (${delays.length} of ${PUSHES}; ${timeouts} not seen within 5 s); load average ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await schema.drop();
  }
}
