#!/usr/bin/env node
// ratelink <command> [--flags] [--json]
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2));
