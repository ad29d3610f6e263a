// Tests that start ratelink in a process of its own run it as `npm start` does, bundled by
// esbuild (scripts/bundle.mjs), here from this tree's sources, once per test file and entry.
// Under tsx each start transpiled and resolved every module through loader hooks, with tap's
// own hooks too: test/startup-failure.test.ts (15 starts) took 43 s that way, 21–27 s bundled.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import tap from 'tap';
import { packageRoot } from '../../src/paths.js';

const WORKER = { 'click-writer-worker': 'src/db/sqlite/click-writer-worker.ts' };
const entryPoints = {
  // The worker beside each entry, where click-writer.ts looks for it from compiled code.
  server: { server: 'src/server.ts', ...WORKER },
  // server.ts starts a server when it is the command's own file (its import.meta.url). As an
  // entry of the same build it moves to a chunk of its own, so the CLI's file is not taken for it.
  cli: { cli: 'src/cli/main.ts', server: 'src/server.ts', ...WORKER },
  'ref-server': { 'ref-server': 'test/helpers/ref-server.ts', ...WORKER },
};

const built = new Map<string, Promise<string>>();

/**
 * The command that runs an entry's bundle (built on first use, removed when the test file
 * ends): node, without the NODE_OPTIONS through which tap loads its hooks into every child.
 */
export async function bundledCommand(entry: keyof typeof entryPoints): Promise<[string, ...string[]]> {
  let path = built.get(entry);
  if (!path) built.set(entry, path = bundle(entry));
  return ['env', '-u', 'NODE_OPTIONS', process.execPath, await path];
}

async function bundle(entry: keyof typeof entryPoints): Promise<string> {
  // Inside the package, so that the bundle finds node_modules and package.json by walking up.
  // Not under node_modules: where that is a link to another tree, Node gives the module its
  // real path as import.meta.url, and server.ts no longer sees itself as the command's file.
  const dir = join(packageRoot, '.tap', 'bundles', `${process.pid}-${entry}`);
  tap.teardown(() => rmSync(dir, { recursive: true, force: true }));
  await build({
    absWorkingDir: packageRoot,
    entryPoints: entryPoints[entry],
    outdir: dir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    splitting: true,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return join(dir, `${entry}.js`);
}
