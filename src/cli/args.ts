// `ratelink partner add --name Acme --email a@b.c --json`: positionals and --flags.
import { MAX_ID } from '../ids.js';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

/** Switches: never take the next word, so `--json partner list` and `--replace FILE` read as meant. */
const SWITCHES = new Set(['json', 'help', 'replace']);

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const next = argv[i + 1];
    if (inline !== undefined) flags[name] = inline;
    else if (next !== undefined && !next.startsWith('--') && !SWITCHES.has(name)) flags[name] = argv[++i];
    else flags[name] = true;
  }
  return { positionals, flags };
}

export class UsageError extends Error {}

export function requireFlag(args: ParsedArgs, name: string): string {
  const value = args.flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

/** An optional flag whose value must be one of `choices`. */
export function optionalChoice<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const value = optionalFlag(args, name);
  if (value !== undefined && !choices.includes(value as T)) throw new UsageError(`--${name} must be ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`);
  return value as T | undefined;
}

/** An optional whole-number flag from `min` to `max`. */
export function optionalInt(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = optionalFlag(args, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return Number(text);
}

/** An id given as `--name ID`. */
export function requireId(args: ParsedArgs, name: string): number {
  return parseId(args.flags[name], `--${name}`);
}

/** An id given as `--name ID` or as the command's first word (`payout cancel 7`), named as given. */
export function requireIdOrWord(args: ParsedArgs, name: string): number {
  return args.flags[name] === undefined ? parseId(args.positionals[0], 'ID') : requireId(args, name);
}

function parseId(value: string | true | undefined, what: string): number {
  const text = typeof value === 'string' ? value : '';
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > MAX_ID) throw new UsageError(`${what} must be a positive integer up to ${MAX_ID}`);
  return Number(text);
}
