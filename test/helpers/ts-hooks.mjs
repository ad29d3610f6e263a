// Module hooks of test/helpers/ts-register.mjs: `./x.js` finds `./x.ts` (the NodeNext
// convention the sources use), and .ts files are transpiled by esbuild, types stripped, with an
// inline source map for stack traces and coverage. No type check: `tsc --noEmit` does that.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, URL } from 'node:url';
import { transform } from 'esbuild';

const isTypeScript = (url) => url.startsWith('file:') && /\.ts([?#]|$)/.test(url) && !url.includes('/node_modules/');

export async function resolve(specifier, context, next) {
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
