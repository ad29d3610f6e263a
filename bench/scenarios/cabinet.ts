// The cabinet's dashboard for one partner with 1,000,000 clicks and 100,000 exchanges over a
// year (bench/seed-api.ts with a single partner): server time of GET /partner/dashboard for a
// 30-day and a 365-day period (targets: < 100 ms and < 300 ms), measured in process with
// app.inject (routing, session check, summary service, SVG, HTML), then under HTTP load.
// BENCH_CABINET_DB=path reuses a ledger seeded earlier.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { hashPassword } from '../../src/services/accounts/passwords.js';
import { startSession } from '../../src/services/accounts/sessions.js';
import { load, machine } from '../lib.js';
import { seedApiLedger } from '../seed-api.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

async function ledger() {
  const reuse = process.env.BENCH_CABINET_DB;
  if (reuse && existsSync(reuse)) return { dbPath: reuse, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-bench-cabinet-'));
  const seeded = await seedApiLedger(reuse ?? join(dir, 'cabinet.db'), { partners: 1, days: 365 });
  console.log(`seeded 1,000,000 clicks + 100,000 exchanges for one partner over 365 days in ${seeded.seconds.toFixed(1)} s `
    + `(${seeded.busiest.clicks} counted clicks)`);
  return { dbPath: seeded.dbPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function run() {
  const { dbPath, cleanup } = await ledger();
  const app = await buildApp(loadConfig({
    RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'bench-admin-token-0123456789-abcdefghij', RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl', RATELINK_SITE_URL: 'http://localhost:3000', RATELINK_DB: dbPath,
    LOG_LEVEL: 'warn', RATELINK_PASSWORD_COST: '10',
  }));
  try {
    const now = Math.floor(Date.now() / 1000);
    if (!(await app.repos.partnerAccounts.findByPartner(1))) {
      await app.repos.partnerAccounts.create({ partnerId: 1, email: 'bench@cabinet.test', at: now });
      await app.repos.partnerAccounts.setPassword(1, await hashPassword('bench password 123', 10), now);
    }
    const account = (await app.repos.partnerAccounts.findByPartner(1))!;
    const token = await startSession({ repos: app.repos, idleSeconds: 86400 }, 1, account.authVersion, now, { userAgent: 'bench', ip: '127.0.0.1' });
    const headers = { cookie: `ratelink_partner=${token}` };
    console.log(`${machine()}; ${ROUNDS} sequential requests per period after 3 warm-up ones`);
    // The seeded year ends at 2026-01-01T00:00:00Z (seed-api's `now`).
    for (const [label, query] of [['30 days', 'from=2025-12-02&to=2025-12-31'], ['365 days', 'from=2025-01-01&to=2025-12-31']] as const) {
      const url = `/partner/dashboard?period=custom&${query}`;
      const times: number[] = [];
      for (let i = 0; i < ROUNDS + 3; i++) {
        const started = process.hrtime.bigint();
        const res = await app.inject({ method: 'GET', url, headers });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
        if (i >= 3) times.push(ms);
      }
      times.sort((a, b) => a - b);
      console.log(`dashboard ${label}: server time median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    await load('dashboard 30 days over HTTP, 4 connections', {
      url: `${base}/partner/dashboard?period=custom&from=2025-12-02&to=2025-12-31`, headers, duration: Number(process.env.BENCH_DURATION ?? 10), connections: 4, workers: 1,
    });
  } finally {
    await app.close();
    cleanup();
  }
}
