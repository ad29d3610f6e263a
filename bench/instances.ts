// ratelink instances as separate processes (`node dist/src/server.js`) on loopback ports,
// sharing one PostgreSQL schema and optionally one Redis: what the multi-process tests and the
// cross-instance benchmarks run. Each process is started, waited for (/healthz) and stopped by
// its own pid; a schema of its own is created for the run and dropped after.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ADMIN_TOKEN = 'instances-admin-token-0123456789-abcdefghij';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', import.meta.url.includes('/dist/') ? '..' : '');
export const SERVER_JS = join(root, 'dist', 'src', 'server.js');

export interface Instance {
  url: string;
  port: number;
  child: ChildProcess;
  /** The process's stdout+stderr so far (JSON log lines). */
  output(): string;
  /** SIGTERM (graceful) or SIGKILL; resolves with the exit code or signal once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `command`: by default node on the built server (tests run their tree's sources bundled: test/helpers/bundle.ts). */
export async function startInstance(env: Record<string, string>, waitMs = 30_000, command: string[] = [process.execPath, SERVER_JS]): Promise<Instance> {
  const port = await freePort();
  const child = spawn(command[0]!, command.slice(1), {
    env: {
      PATH: process.env.PATH ?? '',
      RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: ADMIN_TOKEN, RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl', RATELINK_SITE_URL: 'https://exchanger.example',
      HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = `http://127.0.0.1:${port}`;
  const instance: Instance = {
    url, port, child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`instance exited with ${child.exitCode}: ${output.slice(-2000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return instance;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await instance.stop('SIGKILL');
  throw new Error(`instance did not answer /healthz within ${waitMs} ms: ${output.slice(-2000)}`);
}

export interface Schema {
  /** `base` with search_path set to the schema. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh empty schema in the database of `base`; the first instance started migrates it. */
export async function createSchema(base: string, tag = 'run'): Promise<Schema> {
  const name = `rl_${tag}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create schema "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${name}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** JSON request with the admin token; resolves to status and parsed body. */
export async function admin(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) as unknown : null };
}
