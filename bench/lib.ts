// Shared helpers for benchmark scenarios: start a real server on loopback and load it with autocannon.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface LoadResult {
  title: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Responses received per HTTP status, e.g. { '302': 41234 }. */
  statusCodes: Record<string, number>;
}

export async function load(title: string, options: autocannon.Options): Promise<LoadResult> {
  const steal = stealMeter();
  const result = await autocannon({ duration: 10, connections: 50, ...options });
  const row = {
    title,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat?.count ?? 0])),
  };
  console.log(`${title.padEnd(48)} ${String(row.rps).padStart(8)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  errors ${row.errors}  non-2xx ${row.non2xx}${steal()}`);
  return row;
}

/** How many runs of each side `abba` makes; each run lasts the duration divided by this. */
export const ABBA_SLICES = 4;

/**
 * Runs the subject and its baseline alternately, A-B-B-A-A-B-B-A, `ABBA_SLICES` runs each, and
 * returns both averaged: drifts of the machine's speed (other tenants of the host) hit both alike.
 */
export async function abba(subject: () => Promise<LoadResult>, baseline: () => Promise<LoadResult>): Promise<[LoadResult, LoadResult]> {
  const subjects: LoadResult[] = [];
  const baselines: LoadResult[] = [];
  for (let i = 0; i < ABBA_SLICES; i++) {
    const order = i % 2 === 0 ? [subject, baseline] : [baseline, subject];
    for (const run of order) (run === subject ? subjects : baselines).push(await run());
  }
  return [combine(subjects), combine(baselines)];
}

function combine(runs: LoadResult[]): LoadResult {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) for (const [code, count] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    ...runs[0]!,
    rps: Math.round(runs.reduce((sum, run) => sum + run.rps, 0) / runs.length),
    p50: Math.max(...runs.map((run) => run.p50)),
    p99: Math.max(...runs.map((run) => run.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    statusCodes,
  };
}

export function machine(): string {
  return `${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** The machine's CPU times from /proc/stat (Linux), to report the time a VM's host took away. */
function cpuTimes(): { steal: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((sum, n) => sum + n, 0) };
  } catch {
    return null;
  }
}

/** Starts counting; each call returns `  cpu steal N%` since the start ('' where unknown). */
export function stealMeter(): () => string {
  const before = cpuTimes();
  return () => {
    const after = cpuTimes();
    if (!before || !after || after.total === before.total) return '';
    return `  cpu steal ${Math.round(((after.steal - before.steal) / (after.total - before.total)) * 100)}%`;
  };
}
