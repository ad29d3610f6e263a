import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { ParsedArgs } from './args.js';

export interface CliContext {
  config: Config;
  /** The app built on the configured database (not listening); built on first use. */
  app(): Promise<FastifyInstance>;
}

export interface CliCommand {
  /** The words that select the command, e.g. 'partner add'. */
  name: string;
  usage: string;
  description: string;
  /** Returns what the command produced: printed as JSON with --json, else through `format`. */
  run(ctx: CliContext, args: ParsedArgs): Promise<unknown>;
  format?(result: never): string;
  /** May open a SQLite file that does not exist yet (creating the database); others refuse it. */
  createsDatabase?: boolean;
}
