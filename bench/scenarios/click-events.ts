// The cost of the opt-in click.created event on /ref: every recorded click is one event and a
// delivery row in the click batch's transaction when an endpoint subscribes, and the worker
// sends them to a receiver on loopback meanwhile. /ref/:code requests per second with the
// partner's click.created endpoint enabled against the same endpoint disabled (nothing written
// but the per-batch look-up of subscribers), alternating A-B-B-A on one file database.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createEndpoint, updateEndpoint } from '../../src/services/events/endpoints.js';
import { abba, ABBA_SLICES, load, machine } from '../lib.js';

const CONNECTIONS = 50;
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-bench-click-events-'));
  let delivered = 0;
  const receiver = createServer((request, response) => { request.resume(); request.on('end', () => { delivered++; response.end(); }); });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const app = await buildApp(loadConfig({
    RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'bench-admin-token-0123456789-abcdefghij', RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl', RATELINK_SITE_URL: 'https://exchanger.example',
    RATELINK_DB: join(dir, 'clicks.db'), RATELINK_PARTNER_WEBHOOK_ALLOW_HOSTS: '127.0.0.1', RATELINK_CLICK_IP_LIMIT: '0', LOG_LEVEL: 'warn',
  }));
  try {
    const partner = await app.repos.partners.insert({ name: 'Bench clicks', email: 'bench@example.test', rewardPercent: '0.5' });
    await app.repos.links.insert({ code: 'BenchClicks', partnerId: partner.id });
    const now = () => Math.floor(Date.now() / 1000);
    const endpoint = await createEndpoint(app.repos, app.config, partner.id, 'webhook', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, events: ['click.created'] }, now());
    const toggle = (enabled: boolean) => updateEndpoint(app.repos, app.config, partner.id, endpoint.id, { enabled }, now());
    const address = await app.listen({ host: '127.0.0.1', port: 0 });

    const duration = Math.max(1, Number(process.env.BENCH_DURATION ?? 8) / ABBA_SLICES);
    const refs = (title: string) => load(title, { url: `${address}/ref/BenchClicks`, duration, connections: CONNECTIONS, workers: 1, headers: { 'user-agent': USER_AGENT } });
    await toggle(false);
    await refs('warm-up');
    console.log(`${machine()}; file database; ${CONNECTIONS} connections, A-B-B-A slices of ${duration} s; load average ${loadavg()[0]!.toFixed(1)}`);
    const [withEvents, without] = await abba(
      async () => { await toggle(true); return refs('/ref, click.created subscribed'); },
      async () => { await toggle(false); return refs('/ref, no subscriber'); },
    );
    await toggle(true);
    while (await app.eventDelivery.runNow() > 0) { /* drain what is left */ }
    const events = (await app.repos.events.listEvents({ partnerId: partner.id, from: 0, to: 2 ** 31, limit: 10_000_000 })).length;
    console.log(`\n| /ref/:code (new visitor each) | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|`);
    for (const r of [without, withEvents]) console.log(`| ${r.title} | ${r.rps} | ${r.p50} | ${r.p99} |`);
    console.log(`click.created events written: ${events}; deliveries received by the loopback receiver: ${delivered}; load average after ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    await app.close();
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
