// In-process cost of one api.php call: wall and CPU time, mean of BENCH_N app.inject calls, for
// the median partner (BENCH_PARTNER) over BENCH_DAYS; without the HTTP client, so that a busy
// machine blurs it less than the load runs. `node --import tsx bench/api-inprocess.ts` with
// BENCH_API_DB=path or BENCH_DATABASE_URL + BENCH_API_SCHEMA (a ledger seeded earlier);
// BENCH_METHODS=get_links to pick lines, BENCH_PROFILE=/tmp/x to write a CPU profile of each loop.
// Each line also prints its two parts alone, from the same rows: the page read through the
// repository, and the envelope's JSON text made from those rows (what a call costs at least).
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { issueApiKey } from '../src/services/partners/api-keys.js';
import { schemaUrl } from './seed-api-pg.js';
import { clickItem, exchangeItem } from '../src/services/partner-api/reports.js';
import { readReportQuery } from '../src/services/partner-api/params.js';
import { successEnvelope } from '../src/services/partner-api/envelope.js';
import { KeyedItems, serializeEnvelope } from '../src/services/partner-api/serialize.js';
import { listClicks, listExchanges } from '../src/services/reports/reports.js';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

const DAY = 86_400;
const now = 1_767_225_600;
const N = Number(process.env.BENCH_N ?? 300);

async function main() {
  const pg = process.env.BENCH_DATABASE_URL;
  const url = pg ? await schemaUrl(pg, process.env.BENCH_API_SCHEMA!) : null;
  const app = await buildApp(loadConfig({
    RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'bench-admin-token-0123456789-abcdefghij', RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl', RATELINK_SITE_URL: 'http://localhost:3000',
    ...(url ? { RATELINK_DATABASE_URL: url } : { RATELINK_DB: process.env.BENCH_API_DB! }),
    RATELINK_API_RATE_LIMIT: '1000000', LOG_LEVEL: 'warn',
  }));
  try {
    const days = Number(process.env.BENCH_DAYS ?? 1);
    const partner = Number(process.env.BENCH_PARTNER ?? 501);
    const { api_key: key } = await issueApiKey(app.repos, partner);
    const lines: [string, string][] = [
      ['get_links', `method=get_links&start_time=${now - days * DAY + 1}&end_time=${now}`],
      ['get_exchanges', `method=get_exchanges&start_time=${now - days * DAY + 1}&end_time=${now}`],
    ];
    for (const [label, query] of lines.filter(([name]) => (process.env.BENCH_METHODS ?? name).split(',').includes(name))) {
      const path = `/service/partner/api.php?api_action=pp&api_key=${key}&${query}`;
      const first = await app.inject({ url: path });
      const items = Object.keys((first.json() as { data: { items?: object } }).data.items ?? {}).length;
      for (let i = 0; i < 100; i++) await call(app, path);
      const profile = process.env.BENCH_PROFILE ? new Session() : undefined;
      if (profile) { profile.connect(); await profile.post('Profiler.enable'); await profile.post('Profiler.start'); }
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      for (let i = 0; i < N; i++) await call(app, path);
      const used = process.cpuUsage(cpu);
      if (profile) writeFileSync(`${process.env.BENCH_PROFILE}-${label}.cpuprofile`, JSON.stringify((await profile.post('Profiler.stop')).profile));
      const ms = Number(process.hrtime.bigint() - start) / 1e6 / N;
      const cpuMs = (used.user + used.system) / 1000 / N;
      console.log(`${label} ${days}d partner ${partner}: ${items} items, ${first.body.length} bytes, ${ms.toFixed(3)} ms wall, ${cpuMs.toFixed(3)} ms CPU per call (mean of ${N})`);
      const parts = await partsAlone(app, label, partner, query);
      console.log(`  alone: read ${parts.read.toFixed(3)} ms, JSON text ${parts.text.toFixed(3)} ms CPU per call (mean of ${N})`);
    }
  } finally {
    await app.close();
  }
}

/**
 * One call, then a turn of the event loop: light-my-request finishes each inject with a
 * setImmediate, and a loop of awaited injects alone never reaches them (they piled up, ~9 KB a
 * call, and the collector's work on that pile was counted in the calls).
 */
async function call(app: Awaited<ReturnType<typeof buildApp>>, url: string) {
  await app.inject({ url });
  await new Promise(setImmediate);
}

/** The page's read and its rendering, each timed alone (CPU ms per call, mean of N). */
async function partsAlone(app: Awaited<ReturnType<typeof buildApp>>, label: string, partnerId: number, query: string) {
  const params = Object.fromEntries(new URLSearchParams(query));
  const page = { partnerId, ...readReportQuery(params, app.config.partnerFullIp) };
  const view = { timeZone: app.config.timeZone, partnerFullIp: app.config.partnerFullIp, visitors: app.visitors };
  return label === 'get_links'
    ? timeParts(() => listClicks(app.repos, page), (row) => clickItem(row, view, partnerId))
    : timeParts(() => listExchanges(app.repos, page), (row) => exchangeItem(row, view, partnerId));
}

/** `read` timed, then the envelope's text (as the route sends it) made from the rows it read. */
async function timeParts<Row>(read: () => Promise<Row[]>, item: (row: Row) => { id: number }) {
  const rows = await read();
  const text = () => Buffer.from(serializeEnvelope(successEnvelope({ items: new KeyedItems(rows.map(item)) })));
  return { read: await cpuPerCall(read), text: await cpuPerCall(async () => text()) };
}

async function cpuPerCall(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 100; i++) await run();
  const cpu = process.cpuUsage();
  for (let i = 0; i < N; i++) await run();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / N;
}

await main();
