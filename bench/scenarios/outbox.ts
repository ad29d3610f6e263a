// The cost of the event outbox on POST /admin/exchanges: every report writes its events
// (exchange.created, and reward.accrued on a success) in the ledger's transaction. Measured as
// exchange reports per second with no endpoint (the events alone) against one enabled webhook
// endpoint (a delivery row per event, and the worker sending them to a receiver on loopback
// meanwhile), alternating A-B-B-A on one file database, 10 connections.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { abba, load, machine } from '../lib.js';

const TOKEN = 'bench-admin-token-0123456789-abcdefghij';
const CONNECTIONS = 10;

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-bench-outbox-'));
  let delivered = 0;
  const receiver = createServer((request, response) => { request.resume(); request.on('end', () => { delivered++; response.end(); }); });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const app = await buildApp(loadConfig({
    RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: TOKEN, RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl', RATELINK_SITE_URL: 'http://localhost:3000', RATELINK_DB: join(dir, 'outbox.db'),
    RATELINK_WEBHOOK_ALLOW_HOSTS: '127.0.0.1', LOG_LEVEL: 'warn',
  }));
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const admin = async (method: string, path: string, body: unknown) => (await fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) })).json() as Promise<{ id: number }>;
    const partner = await admin('POST', '/admin/partners', { name: 'Bench', email: 'bench@example.test', reward_percent: '0.5' });
    await admin('POST', `/admin/partners/${partner.id}/links`, { code: 'BenchOutbox' });
    const endpoint = await admin('POST', '/admin/webhooks', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/` });
    await admin('PATCH', `/admin/webhooks/${endpoint.id}`, { enabled: false });

    const duration = Number(process.env.BENCH_DURATION ?? 10) / 4;
    // autocannon replaces [<id>] with a fresh id per request: every report is a new exchange.
    const body = JSON.stringify({
      external_id: `bench-${process.pid}-[<id>]`, ref_code: 'BenchOutbox', status: 'success', cur_give: 'PMUSD', cur_get: 'BTC',
      amount_give: '500', amount_get: '0.00478', course_give: '104600', course_get: '1', reward_base_amount: '100',
    });
    const report = (title: string) => load(title, {
      url: `${base}/admin/exchanges`, method: 'POST', headers, body, idReplacement: true, duration, connections: CONNECTIONS, workers: 1,
    });
    const toggle = (enabled: boolean) => admin('PATCH', `/admin/webhooks/${endpoint.id}`, { enabled });
    console.log(`${machine()}; ${CONNECTIONS} connections, A-B-B-A slices of ${duration} s`);
    const [withEndpoint, without] = await abba(
      async () => { await toggle(true); return report('POST /admin/exchanges, 1 webhook endpoint'); },
      async () => { await toggle(false); return report('POST /admin/exchanges, no endpoint (events only)'); },
    );
    await toggle(true);
    while (await app.eventDelivery.runNow() > 0) { /* drain */ }
    console.log(`\n| exchange reports | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|`);
    for (const r of [without, withEndpoint]) console.log(`| ${r.title} | ${r.rps} | ${r.p50} | ${r.p99} |`);
    console.log(`deliveries received by the loopback receiver: ${delivered}`);
  } finally {
    await app.close();
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
