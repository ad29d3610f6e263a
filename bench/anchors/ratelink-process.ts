// ratelink as operators run it: `node dist/src/server.js` in its own process, production mode,
// a file database (WAL, synchronous=FULL), configured through the environment only, with the
// default log level.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningAnchor } from './spec.js';

export interface RatelinkProcess extends RunningAnchor {
  adminToken: string;
  dbPath: string;
  /** An admin API call; throws on a status other than 2xx. */
  admin(method: string, path: string, body?: unknown): Promise<unknown>;
}

export async function startRatelink(workDir: string, env: Record<string, string> = {}): Promise<RatelinkProcess> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const port = await freePort();
  const adminToken = randomBytes(24).toString('hex');
  const dbPath = join(workDir, 'ratelink.db');
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'src', 'server.js')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: adminToken, RATELINK_JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghijkl',
      // LOG_LEVEL left at its default (info), as operators run it.
      RATELINK_DB: dbPath, RATELINK_SITE_URL: 'https://exchanger.example', ...env,
    },
  });
  await waitForHealth(origin, child);
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) as unknown : null;
  };
  return {
    origin, adminToken, dbPath, admin,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function waitForHealth(origin: string, child: ReturnType<typeof spawn>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`ratelink exited with ${child.exitCode}`);
    const ok = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`ratelink did not answer ${origin}/healthz within 10 s`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}
