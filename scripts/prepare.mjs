// npm's prepare: builds dist/ (tsc, then the bundle `npm start` runs: scripts/bundle.mjs) when
// TypeScript is installed (npm ci, npm install). A production
// install (npm ci --omit=dev) has no compiler: it keeps the dist/ built before (docs/deployment.md),
// and says so in one line when there is none.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  if (existsSync(new URL('../dist/bundle/server.js', import.meta.url))) process.exit(0);
  console.error('ratelink: dist/ is missing and TypeScript is not installed; run `npm ci && npm run build && npm prune --omit=dev` (docs/deployment.md)');
  process.exit(1);
}
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(process.execPath, [new URL('./bundle.mjs', import.meta.url).pathname], { stdio: 'inherit' });
// tap runs each test file with the loaders of the plugins it was built with. package.json drops
// its TypeScript plugin (ts-node; test/helpers/ts-register.mjs does that job at half the CPU),
// but a fresh install's tap is built with it until the first run rebuilds it, too late for
// that run's test files: they would load both loaders. Rebuilt here, once per install.
const tapBin = new URL('../node_modules/tap/dist/esm/run.mjs', import.meta.url).pathname;
if (existsSync(tapBin)) execFileSync(process.execPath, [tapBin, 'build'], { stdio: 'inherit' });
