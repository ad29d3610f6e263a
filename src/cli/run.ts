// The operator's shell interface, on the same buildApp and services as the HTTP API. Results
// go to stdout; errors to stderr with a non-zero exit (JSON too with --json).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { migrateDatabase } from '../db/connect.js';
import { ConfigError, loadConfig, readEnvironment, type Config } from '../config.js';
import { describeStartupFailure, StartupError } from '../startup-failure.js';
import { isHttpError } from '../errors.js';
import { optionalFlag, parseArgs, UsageError, type ParsedArgs } from './args.js';
import { escapeForTerminal } from './terminal-text.js';
import type { CliCommand, CliContext } from './command.js';
import { feedCommands } from './commands/feeds.js';
import { accountCommands } from './commands/accounts.js';
import { foundationCommands } from './commands/foundation.js';
import { dbCommands } from './commands/db.js';
import { ledgerCommands } from './commands/ledger.js';
import { operationCommands } from './commands/operations.js';
import { webhookCommands } from './commands/webhooks.js';

export const cliCommands: CliCommand[] = [...foundationCommands, ...feedCommands, ...ledgerCommands, ...accountCommands, ...operationCommands, ...webhookCommands, ...dbCommands];
const WIDTH = 100;

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
  if (args.flags.help) {
    out(usage());
    return 0;
  }
  if (!command) {
    const words = args.positionals.join(' ');
    const message = words ? `unknown command "${words}"` : 'no command given';
    err(escapeForTerminal(args.flags.json ? `${JSON.stringify({ error: { code: 'RL_USAGE', message } })}\n` : `error: ${message}\n\n${usage()}`));
    return 2;
  }
  args.positionals = args.positionals.slice(command.name.split(' ').length);
  let app: FastifyInstance | undefined;
  try {
    // A bare --env-file is a file forgotten, not "no file": the default database is not the one meant.
    refuseUnknownOptions(command, args);
    refuseExtraWords(command, args);
    const envFile = optionalFlag(args, 'env-file');
    const config = loadConfig(readEnvironment(env, envFile ?? env.RATELINK_ENV_FILE), { requireAdminToken: false });
    const ctx: CliContext = { config, app: async () => (app ??= await openApp(config, command)) };
    const result = await command.run(ctx, args);
    if (result !== undefined) out(escapeForTerminal(args.flags.json || !command.format ? `${JSON.stringify(result, null, 2)}\n` : command.format(result as never)));
    return 0;
  } catch (error) {
    err(escapeForTerminal(args.flags.json ? `${JSON.stringify({ error: describe(error) })}\n` : `error: ${describe(error).message}\n`));
    return error instanceof UsageError ? 2 : 1;
  } finally {
    // `serve` keeps its app open; every other command closes the database before exiting.
    if (app && command.name !== 'serve') await app.close();
  }
}

/** Options every command takes; a command's own are those its usage line names. */
const GLOBAL_OPTIONS = ['json', 'help', 'env-file'];

/**
 * A misspelt option was ignored: `partner add … --precent 30` created a partner at 0 %, and
 * `payout list --stauts paid` listed every payout. The admin API refuses an unknown field; so does this.
 */
function refuseUnknownOptions(command: CliCommand, args: ParsedArgs): void {
  const known = new Set([...GLOBAL_OPTIONS, ...(command.usage.match(/--[a-z][a-z-]*/g) ?? []).map((flag) => flag.slice(2))]);
  const unknown = Object.keys(args.flags).find((name) => !known.has(name));
  if (unknown !== undefined) throw new UsageError(`unknown option --${unknown}; usage: ratelink ${command.usage}`);
}

/**
 * `key revoke A B` revoked A and said nothing of B. A command takes the words its usage line
 * names (`key revoke PREFIX`, `maintenance [on|off]`), and one whose first option is an id
 * (`--partner ID`, `--id ID`) takes that id as a word instead (`partner show 7`).
 */
function refuseExtraWords(command: CliCommand, args: ParsedArgs): void {
  const extra = args.positionals[wordsTaken(command, args)];
  if (extra !== undefined) throw new UsageError(`unexpected word "${extra}"; usage: ratelink ${command.usage}`);
}

function wordsTaken(command: CliCommand, args: ParsedArgs): number {
  const rest = command.usage.split(' ').slice(command.name.split(' ').length);
  const firstOption = rest.findIndex((token) => /^[[(]?--/.test(token));
  if (firstOption !== 0) return firstOption === -1 ? rest.length : firstOption;
  const idOption = /^--(partner|id)$/.test(rest[0]!) && rest[1] === 'ID' ? rest[0]!.slice(2) : undefined;
  return idOption !== undefined && args.flags[idOption] === undefined ? 1 : 0;
}

function findCommand(words: string[]): CliCommand | undefined {
  return cliCommands
    .filter((c) => c.name.split(' ').every((w, i) => words[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

async function openApp(config: Config, command: CliCommand): Promise<FastifyInstance> {
  // SQLite creates a missing file: a shell without the server's env file (or in another
  // directory, RATELINK_DB being relative) got a new empty database, answered "No partners.",
  // and took writes (maintenance on, payout pay) the server never saw.
  const { dbPath, databaseUrl } = config;
  if (!command.createsDatabase && !databaseUrl && dbPath !== ':memory:' && !existsSync(dbPath)) {
    throw new ConfigError('RATELINK_DB', `${resolve(dbPath)} does not exist; set RATELINK_DB, or RATELINK_ENV_FILE to the server's env file (ratelink db migrate creates a new database)`);
  }
  try {
    // As the server does: migrations that take longer than a plugin may (an update's, or another
    // instance's being applied meanwhile) are waited for before the app is built.
    await migrateDatabase(config);
    return await buildApp(config);
  } catch (error) {
    throw nameTheSetting(error, config);
  }
}

/** A database the app cannot open is named as the server names it (`RATELINK_DB=… is not a SQLite database; …`). */
function nameTheSetting(error: unknown, config: Config): unknown {
  const line = describeStartupFailure(error, config);
  return line === null ? error : new StartupError(line);
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof UsageError) return { code: 'RL_USAGE', message: error.message };
  if (error instanceof ConfigError || error instanceof StartupError) return { code: 'RL_CONFIG', message: error.message };
  if (isHttpError(error)) return { code: error.code, message: error.message };
  return { code: 'RL_ERROR', message: error instanceof Error ? error.message : String(error) };
}

/** Each command on one line, its description under it, wrapped to fit 100 columns. */
function usage(): string {
  const lines = cliCommands.flatMap((c) => [
    ...wrap(`ratelink ${c.usage}`, WIDTH - 4).map((l, i) => (i === 0 ? `  ${l}` : `    ${l}`)),
    ...wrap(c.description, WIDTH - 6).map((l) => `      ${l}`),
  ]);
  return ['Usage: ratelink <command> [options] [--json] [--env-file FILE]', '', 'Commands:', ...lines, ''].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}
