// The operator's shell interface, on the same buildApp and services as the HTTP API.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { isHttpError } from '../errors.js';
import { parseArgs, UsageError } from './args.js';
import { escapeForTerminal } from './terminal-text.js';
import type { CliCommand, CliContext } from './command.js';
import { dbCommands } from './commands/db.js';
import { feedCommands } from './commands/feeds.js';
import { foundationCommands } from './commands/foundation.js';
import { ledgerCommands } from './commands/ledger.js';

const commands: CliCommand[] = [...foundationCommands, ...feedCommands, ...ledgerCommands, ...dbCommands];

export interface CliIo {
  /** The environment the configuration is read from. */
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  const { env = process.env, out = (text) => process.stdout.write(text), err = (text) => process.stderr.write(text) } = io;
  const args = parseArgs(argv);
  const command = findCommand(args.positionals);
  if (!command || args.flags.help) {
    out(usage());
    return command || args.flags.help ? 0 : 2;
  }
  args.positionals = args.positionals.slice(command.name.split(' ').length);
  let app: FastifyInstance | undefined;
  try {
    const config = loadConfig(env, { requireAdminToken: false });
    const ctx: CliContext = { config, app: async () => (app ??= await buildApp(config)) };
    const result = await command.run(ctx, args);
    if (result !== undefined) out(escapeForTerminal(args.flags.json || !command.format ? `${JSON.stringify(result, null, 2)}\n` : command.format(result as never)));
    return 0;
  } catch (error) {
    err(escapeForTerminal(`error: ${describe(error)}
`));
    return error instanceof UsageError ? 2 : 1;
  } finally {
    // `serve` keeps its app open; every other command closes the database before exiting.
    if (app && command.name !== 'serve') await app.close();
  }
}

function findCommand(words: string[]): CliCommand | undefined {
  return commands
    .filter((c) => c.name.split(' ').every((w, i) => words[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

function describe(error: unknown): string {
  if (error instanceof UsageError || error instanceof ConfigError) return error.message;
  if (isHttpError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function usage(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  const lines = commands.map((c) => `  ratelink ${c.usage.padEnd(width)}  ${c.description}`);
  return `Usage: ratelink <command> [options] [--json]\n\nCommands:\n${lines.join('\n')}\n`;
}
