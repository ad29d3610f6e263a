#!/usr/bin/env node
// Pushes the exchange engine's BestChange XML export to ratelink: run it every minute (cron).
//   RATELINK_URL=http://127.0.0.1:3000 RATELINK_ADMIN_TOKEN=... node push-rates.mjs SOURCE
// SOURCE is the engine's export, a file or an http(s) URL (e.g. Premium's request-exportxml.xml).
// The whole table is replaced (?replace=true): a direction the engine stops exporting leaves the
// feeds. When the push answers 200 the feeds already serve the new rates. If pushes stop (engine
// down, this script failing), the stale-rate guard drops the rates from the feeds after max_age
// (600 s by default): monitors never see a price the engine no longer stands behind.
import { readFile } from 'node:fs/promises';

const [source] = process.argv.slice(2);
const base = process.env.RATELINK_URL ?? 'http://127.0.0.1:3000';
const token = process.env.RATELINK_ADMIN_TOKEN;
if (!source || !token) {
  console.error('usage: RATELINK_ADMIN_TOKEN=... [RATELINK_URL=...] node push-rates.mjs FILE|URL');
  process.exit(2);
}

async function readExport() {
  if (!/^https?:\/\//.test(source)) return readFile(source, 'utf8');
  const response = await fetch(source, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${source} answered ${response.status}`);
  return response.text();
}

try {
  const xml = await readExport();
  const response = await fetch(`${base}/admin/directions/import?replace=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
    body: xml,
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`ratelink answered ${response.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  console.log(`pushed ${body.upserted} directions, removed ${body.removed} (rates version ${body.rates_version})`);
} catch (error) {
  // No retry here: the next minute's run is the retry, and stale rates leave the feeds meanwhile.
  console.error(`push-rates: ${error.message}`);
  process.exit(1);
}
