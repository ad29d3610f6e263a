// Load from wrk (Debian's package): a C client, so that the client takes less of the two cores
// than autocannon's JavaScript does and the servers compared get more of them.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { stealMeter, type LoadResult } from '../lib.js';

const WRK = '/usr/bin/wrk';
const run = promisify(execFile);

export function wrkAvailable(): boolean {
  return existsSync(WRK);
}

export interface WrkOptions {
  url: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
}

export async function wrk(title: string, options: WrkOptions): Promise<LoadResult & { requests: number }> {
  const steal = stealMeter();
  const headerArgs = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--latency', ...headerArgs, options.url];
  const { stdout } = await run(WRK, args, { timeout: (options.seconds + 30) * 1000 });
  const row = parseWrk(title, stdout);
  console.log(`${title.padEnd(44)} ${String(row.rps).padStart(8)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  errors ${row.errors}  non-2xx/3xx ${row.non2xx}${steal()}`);
  return row;
}

export function parseWrk(title: string, text: string): LoadResult & { requests: number } {
  const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const requests = number(/(\d+) requests in/);
  const non2xx = number(/Non-2xx or 3xx responses: (\d+)/);
  return {
    title,
    rps: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
    p50: latency(text, '50%'),
    p99: latency(text, '99%'),
    errors: socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    non2xx,
    statusCodes: {},
    requests,
  };
}

/** A latency percentile of wrk's distribution, in milliseconds. */
function latency(text: string, percentile: string): number {
  const match = new RegExp(`${percentile}\\s+([\\d.]+)(us|ms|s)\\b`).exec(text);
  if (!match) return NaN;
  const value = Number(match[1]);
  const ms = match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  return Math.round(ms * 100) / 100;
}
