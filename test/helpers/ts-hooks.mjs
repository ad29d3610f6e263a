// Module hooks of test/helpers/ts-register.mjs: `./x.js` finds `./x.ts` (the NodeNext
// convention the sources use), and .ts files are transpiled by esbuild, types stripped, with an
// inline source map for stack traces and coverage. No type check: `tsc --noEmit` does that.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { pid } from 'node:process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { buildSync, transform } from 'esbuild';

const isTypeScript = (url) => url.startsWith('file:') && /\.ts([?#]|$)/.test(url) && !url.includes('/node_modules/');

export async function resolve(specifier, context, next) {
  const typebox = /^typebox(?:\/([a-z]+))?$/.exec(specifier);
  if (typebox) return { url: typeboxBundle(typebox[1] ?? 'index'), shortCircuit: true };
  // tap's mockImport asks for `file:///…/x.js?tapmock=…`: the query stays on the .ts URL.
  const [, path, query = ''] = /^([^?#]*)(.*)$/.exec(specifier);
  if (path.endsWith('.js') && /^(\.{1,2}\/|file:|\/)/.test(path) && context.parentURL?.startsWith('file:')) {
    const candidate = new URL(path.slice(0, -3) + '.ts', context.parentURL);
    if (!candidate.pathname.includes('/node_modules/') && existsSync(candidate)) return { url: candidate.href + query, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!isTypeScript(url)) return next(url, context);
  const file = fileURLToPath(url);
  const { code } = await transform(await readFile(file, 'utf8'), {
    loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: file,
  });
  return { format: 'module', source: code, shortCircuit: true };
}

// TypeBox is 373 small ES modules, each loaded through these hooks and tap's in every test
// process: about 0.7 s of its CPU. Its entry points bundled once (shared code in common chunks,
// so that each module is still evaluated once), the same code loads as a few files. Kept in
// node_modules/.cache by version; another process building it at the same time loses the rename.
const root = new URL('../../', import.meta.url);
let typeboxDir = null;

function typeboxBundle(entry) {
  typeboxDir ??= bundleTypebox();
  return pathToFileURL(`${typeboxDir}/${entry}.js`).href;
}

function bundleTypebox() {
  const { version, exports } = JSON.parse(readFileSync(new URL('node_modules/typebox/package.json', root), 'utf8'));
  const dir = fileURLToPath(new URL(`node_modules/.cache/ratelink-tests/typebox-${version}`, root));
  if (existsSync(dir)) return dir;
  const entryPoints = Object.fromEntries(Object.keys(exports).map((key) => [key === '.' ? 'index' : key.slice(2), `typebox${key.slice(1)}`]));
  const building = `${dir}.${pid}`;
  buildSync({ absWorkingDir: fileURLToPath(root), entryPoints, outdir: building, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}
