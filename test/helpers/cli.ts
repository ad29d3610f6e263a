// Runs the CLI in-process on a database of the test's own directory, with an environment of
// its own (never process.env), collecting what it prints.
import { join } from 'node:path';
import type { Test } from 'tap';
import { runCli } from '../../src/cli/run.js';

export interface CliRun {
  code: number;
  /** stdout and stderr, in the order written. */
  output: string;
}

export function cliIn(t: Test, env: Record<string, string> = {}) {
  const dbPath = join(t.testdir(), 'cli.db');
  const fullEnv = { RATELINK_DB: dbPath, RATELINK_DEMO: '0', RATELINK_SITE_URL: 'http://localhost:3000', ...env };
  // The database an operator made with `ratelink db migrate` (or the server's first start): the
  // CLI refuses a RATELINK_DB that does not exist. A test naming its own RATELINK_DB makes its own.
  let made: Promise<number> | undefined;
  async function cli(...argv: string[]): Promise<CliRun> {
    if (env.RATELINK_DB === undefined) await (made ??= runCli(['db', 'migrate'], { env: fullEnv, out: () => {}, err: () => {} }));
    let output = '';
    const code = await runCli(argv, {
      env: fullEnv,
      out: (text) => { output += text; },
      err: (text) => { output += text; },
    });
    return { code, output };
  }
  return { cli, dbPath };
}
