// npm run bench [scenario...]: real HTTP load on loopback, bounded in time.
// Each scenario is a module in bench/scenarios/ exporting `run(): Promise<void>` that prints its figures.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');
// Run from dist/ (npm run bench compiles first: the code measured is the code npm start runs).
const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const available = readdirSync(dir).filter((f) => f.endsWith(extension)).map((f) => f.slice(0, -3)).sort();
const wanted = process.argv.slice(2);
const chosen = wanted.length ? wanted : available;

for (const name of chosen) {
  if (!available.includes(name)) {
    console.error(`unknown scenario ${name}; available: ${available.join(', ')}`);
    process.exit(1);
  }
  console.log(`\n=== ${name} ===`);
  const scenario = await import(join(dir, `${name}${extension}`)) as { run(): Promise<void> };
  await scenario.run();
}
