// serve, demo, demo purge, partner add, partner key, link add, feed add, backup.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { assertServerSecrets, ConfigError } from '../../config.js';
import { ConflictError } from '../../errors.js';
import { classifyDatabase } from '../../demo/guard.js';
import { loadDemoData } from '../../demo/load.js';
import { startServerOrExit } from '../../server.js';
import { createFeed } from '../../services/feeds/feeds.js';
import { createLink, createPartner, partnerView } from '../../services/partners/partners.js';
import { issueApiKey } from '../../services/partners/api-keys.js';
import { optionalChoice, optionalFlag, requireFlag, requireIdOrWord, UsageError } from '../args.js';
import type { CliCommand } from '../command.js';
import { describeDatabase } from '../../db/connect.js';

const serve: CliCommand = {
  name: 'serve',
  usage: 'serve',
  description: 'Run the HTTP server (same as npm start)',
  async run(ctx) {
    // The configuration the CLI read, checked for what only the server needs.
    assertServerSecrets(ctx.config);
    await startServerOrExit(ctx.config);
    return undefined;
  },
};

const demo: CliCommand = {
  name: 'demo',
  usage: 'demo',
  description: 'Load the demo data (partners, keys, links, rates, feeds, clicks, exchanges)',
  createsDatabase: true,
  async run(ctx) {
    const app = await ctx.app();
    if ((await classifyDatabase(app.repos)) !== 'empty') throw new UsageError('the database is not empty; the demo loads into an empty database');
    return loadDemoData(app);
  },
  format: (r: { welcome: string }) => r.welcome,
};

const demoPurge: CliCommand = {
  name: 'demo purge',
  usage: 'demo purge',
  description: 'Delete the demo data, leaving an empty database for production',
  async run(ctx) {
    const app = await ctx.app();
    const kind = await classifyDatabase(app.repos);
    if (kind === 'operator') throw new ConflictError(`${describeDatabase(ctx.config)} holds data the demo did not create; nothing deleted`);
    await app.repos.settings.deleteAllData();
    return { database: describeDatabase(ctx.config), purged: kind === 'demo' };
  },
  format: (r: { database: string; purged: boolean }) => r.purged ? `Demo data deleted from ${r.database}.\n` : `${r.database} was already empty.\n`,
};

const partnerAdd: CliCommand = {
  name: 'partner add',
  usage: 'partner add --name N --email E [--percent P] [--base amount|profit] [--min-payout A]',
  description: 'Create a partner',
  async run(ctx, args) {
    const base = optionalChoice(args, 'base', ['amount', 'profit'] as const);
    const row = await createPartner((await ctx.app()).repos, {
      name: requireFlag(args, 'name'),
      email: requireFlag(args, 'email'),
      reward_percent: optionalFlag(args, 'percent') ?? '0',
      reward_base: base,
      min_payout: optionalFlag(args, 'min-payout'),
    });
    return partnerView(row);
  },
  format: (p: { id: number; name: string }) => `Partner ${p.id} (${p.name}) created.\n`,
};

const partnerKey: CliCommand = {
  name: 'partner key',
  usage: 'partner key --partner ID',
  description: 'Issue an API key for a partner (shown once)',
  async run(ctx, args) {
    return issueApiKey((await ctx.app()).repos, partnerId(args));
  },
  format: (k: { api_key: string; prefix: string }) => `API key (shown once, store it now): ${k.api_key}\nRevoke with: ratelink key revoke ${k.prefix}\n`,
};

const linkAdd: CliCommand = {
  name: 'link add',
  usage: 'link add --partner ID [--code CODE] [--name NAME]',
  description: 'Create a referral link and print its URL',
  async run(ctx, args) {
    const app = await ctx.app();
    return createLink(app.repos, app.config, partnerId(args), { code: optionalFlag(args, 'code'), name: optionalFlag(args, 'name') });
  },
  format: (l: { code: string; url: string }) => `${l.url}\n`,
};

const feedAdd: CliCommand = {
  name: 'feed add',
  usage: 'feed add --name NAME [--dialect classic|eref11] [--options JSON]',
  description: 'Create a monitor feed and print its three URLs',
  async run(ctx, args) {
    const dialect = optionalChoice(args, 'dialect', ['classic', 'eref11'] as const);
    const app = await ctx.app();
    return createFeed(app.repos, app.config, { name: requireFlag(args, 'name'), dialect, options: jsonFlag(optionalFlag(args, 'options')) });
  },
  format: (f: { code: string; urls: Record<string, string> }) => `Feed ${f.code}\n${Object.values(f.urls).join('\n')}\n`,
};

const backup: CliCommand = {
  name: 'backup',
  usage: 'backup FILE',
  description: 'Write an online, consistent copy of the database to FILE',
  async run(ctx, args) {
    const target = args.positionals[0];
    if (!target) throw new UsageError('backup needs a target file');
    const path = resolve(target);
    if (existsSync(path)) throw new UsageError(`${path} exists; choose a new file`);
    // Opening a missing database would create an empty one and "back it up": the pre-update
    // backup of a shell without the server's env file would copy nothing, and say it worked.
    const { dbPath, databaseUrl } = ctx.config;
    if (!databaseUrl && dbPath !== ':memory:' && !existsSync(dbPath)) {
      throw new ConfigError('RATELINK_DB', `${dbPath} does not exist, nothing to back up; set RATELINK_DB, or RATELINK_ENV_FILE to the server's env file`);
    }
    const app = await ctx.app();
    const { pages } = await app.db.backup(path);
    return { file: path, pages };
  },
  format: (r: { file: string }) => `Backup written to ${r.file}\n`,
};

function partnerId(args: Parameters<CliCommand['run']>[1]): number {
  return requireIdOrWord(args, 'partner');
}

function jsonFlag(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  // null read as "no options" and created the feed; the API refuses {"options":null}.
  if (typeof parsed !== 'object' || parsed === null) throw new UsageError('--options must be a JSON object');
  return parsed as Record<string, unknown>;
}

export const foundationCommands: CliCommand[] = [serve, demo, demoPurge, partnerAdd, partnerKey, linkAdd, feedAdd, backup];
