#!/usr/bin/env node
// ratelink <command> [--flags] [--json]
import { runCli } from './run.js';

// `ratelink payout list | head`: the reader left before the listing ended. Stop quietly, as
// shell tools do, instead of Node's stack trace for an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2));
