// Where ratelink's own files are, whether it runs from src/ (tests) or dist/src/ (npm start).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const migrationsDir = join(packageRoot, 'drizzle', 'sqlite');
export const pgMigrationsDir = join(packageRoot, 'drizzle', 'pg');
export const fixturesDir = join(packageRoot, 'fixtures');
