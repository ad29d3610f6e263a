// npm run bench startup: from spawning the process to the first 200 of /healthz, on an empty
// database (operator-experience issue §6: under 1 s). Wall time, and the process's own CPU time
// at that moment (utime + stime from /proc, 10 ms ticks): the CPU figure holds on a busy
// machine where the wall time does not. Anchors in the same run, alternating: bare Node's http
// and a bare Fastify process answering /healthz.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../anchors/ratelink-process.js';
import { machine } from '../lib.js';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Subject {
  title: string;
  start(port: number, dir: string): ChildProcess;
}

const BARE_NODE = `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(+process.env.PORT, '127.0.0.1')`;
const BARE_FASTIFY = `import Fastify from 'fastify';
const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: +process.env.PORT, host: '127.0.0.1' });`;

function ratelinkAt(title: string, entry: string): Subject {
  return {
    title,
    start: (port, dir) => spawn(process.execPath, [entry], {
      env: {
        ...process.env, PORT: String(port), HOST: '127.0.0.1', RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: randomBytes(20).toString('hex'),
        RATELINK_DB: join(dir, 'ratelink.db'), RATELINK_SITE_URL: 'https://exchanger.example', RATELINK_JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn',
      },
    }),
  };
}

const subjects: Subject[] = [
  { title: 'bare Node http', start: (port) => spawn(process.execPath, ['-e', BARE_NODE], { env: { ...process.env, PORT: String(port) } }) },
  {
    title: 'bare Fastify',
    start: (port) => spawn(process.execPath, ['--input-type=module', '-e', BARE_FASTIFY], { cwd: root, env: { ...process.env, PORT: String(port) } }),
  },
  // What `npm start` runs: the bundle of scripts/bundle.mjs, made from the dist/src just compiled.
  ratelinkAt('ratelink, `npm start` (bundle), production mode, empty SQLite file', join(root, 'bundle', 'server.js')),
  ratelinkAt('the same unbundled (dist/src/server.js)', join(root, 'src', 'server.js')),
];

/** utime + stime of a live process, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function once(subject: Subject): Promise<{ wall: number; cpu: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-bench-startup-'));
  const port = await freePort();
  const started = performance.now();
  const child = subject.start(port, dir);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${subject.title} exited with ${child.exitCode}`);
      if (performance.now() - started > 10_000) throw new Error(`${subject.title}: no answer within 10 s`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return { wall: performance.now() - started, cpu: cpuMs(child.pid!) };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run() {
  execFileSync(process.execPath, [join(root, '..', 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
  console.log(machine());
  const results = new Map(subjects.map((s) => [s.title, [] as Array<{ wall: number; cpu: number }>]));
  for (let i = 0; i < RUNS; i++) {
    for (const subject of i % 2 ? [...subjects].reverse() : subjects) results.get(subject.title)!.push(await once(subject));
  }
  console.log(`${RUNS} starts each, alternating; to the first 200 of /healthz`);
  console.log('| process | wall median | wall max | CPU median |');
  console.log('|---|---|---|---|');
  for (const [title, runs] of results) {
    const walls = runs.map((r) => r.wall);
    console.log(`| ${title} | ${median(walls).toFixed(0)} ms | ${Math.max(...walls).toFixed(0)} ms | ${median(runs.map((r) => r.cpu))} ms |`);
  }
}
