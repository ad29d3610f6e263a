// npm run build, second step: the server compiled by tsc (dist/src/server.js) bundled with the
// packages it loads at start into dist/bundle/, which `npm start` and the systemd unit run.
// Why: start to /healthz (operator issue §6, under 1 s) was half module loading, about 1,300
// files resolved, read and compiled one by one; the bundle is a handful (BENCHMARKS.md, start-up).
// dist/src/server.js stays runnable and does the same; the CLI runs from dist/src.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { server: 'dist/src/server.js', 'click-writer-worker': 'dist/src/db/sqlite/click-writer-worker.js' },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // What is imported on demand (PostgreSQL, Redis, mail, metrics, the XML parser) stays in
  // chunks of its own, loaded only when configured. Chunks sit beside the entries, so that
  // `new URL('./click-writer-worker.js', import.meta.url)` finds the worker from any of them.
  splitting: true,
  chunkNames: '[name]-[hash]',
  // Left to Node: a native addon; a plugin that serves its own files from its package folder;
  // and the CommonJS packages that are import()ed (by us, or by @fastify/cookie for `cookie`),
  // whose named exports only Node's loader provides (esbuild's import() of CommonJS gives only
  // `default`), which also keeps ioredis's __dirname working.
  external: ['better-sqlite3', '@fastify/swagger-ui', 'pg', 'ioredis', 'nodemailer', 'prom-client', 'cookie'],
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: { js: "import { createRequire as __ratelinkRequire } from 'node:module'; const require = __ratelinkRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
