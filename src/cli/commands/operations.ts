// What operators do daily, as in the admin API: revoke a key, list and disable links and feeds,
// payout methods, and the review of flagged exchanges. Same services, same rules.
import { userInfo } from 'node:os';
import { feedView, updateFeed } from '../../services/feeds/feeds.js';
import { getExchange, reviewExchange } from '../../services/ledger/exchange-review.js';
import { exchangeView } from '../../services/ledger/views.js';
import { createPayoutMethod, deletePayoutMethod, payoutMethodView } from '../../services/ledger/payout-methods.js';
import { revokeApiKey } from '../../services/partners/api-keys.js';
import { listLinks, updateLink } from '../../services/referral/links-admin.js';
import { optionalChoice, optionalFlag, optionalInt, requireFlag, requireId, requireIdOrWord, UsageError, type ParsedArgs } from '../args.js';
import { EXCHANGE_STATUSES } from '../../db/rows.js';
import { MAX_ID } from '../../ids.js';
import type { CliCommand } from '../command.js';

const now = () => Math.floor(Date.now() / 1000);

function positional(args: ParsedArgs, what: string): string {
  const value = args.positionals[0];
  if (!value) throw new UsageError(`${what} is required`);
  return value;
}

const keyRevoke: CliCommand = {
  name: 'key revoke',
  usage: 'key revoke PREFIX',
  description: 'Revoke a partner API key (its prefix, as listed by the admin API)',
  async run(ctx, args) {
    const prefix = positional(args, 'the key prefix');
    await revokeApiKey((await ctx.app()).repos, prefix, now());
    return { prefix, revoked: true };
  },
  format: (r: { prefix: string }) => `API key ${r.prefix} revoked.\n`,
};

type LinkLine = Awaited<ReturnType<typeof listLinks>>[number];
const linkTarget = ({ target }: LinkLine) => target.kind === 'direction' ? `${target.cur_from}>${target.cur_to}` : target.kind === 'path' ? target.path : 'home';
const linkLine = (l: LinkLine) => `${l.code.padEnd(16)} partner ${String(l.partner_id).padEnd(5)} ${l.disabled ? 'disabled' : 'active  '} ${l.url}`
  + `  ${l.type} ${l.visibility} ${linkTarget(l)}`;

const linkList: CliCommand = {
  name: 'link list',
  usage: 'link list [--partner ID]',
  description: 'List referral links',
  async run(ctx, args) {
    const partner = args.flags.partner === undefined ? undefined : requireId(args, 'partner');
    const app = await ctx.app();
    return listLinks(app.repos, app.config, partner);
  },
  format: (rows: LinkLine[]) => rows.map(linkLine).join('\n') + (rows.length ? '\n' : 'No links.\n'),
};

function linkSwitch(disabled: boolean): CliCommand {
  const verb = disabled ? 'disable' : 'enable';
  return {
    name: `link ${verb}`,
    usage: `link ${verb} CODE`,
    description: disabled ? 'Disable a link: visitors still redirected, nothing recorded' : 'Enable a disabled link again',
    async run(ctx, args) {
      const app = await ctx.app();
      return updateLink(app.repos, app.config, positional(args, 'the link code'), { disabled }, now());
    },
    format: (l: LinkLine) => `${linkLine(l)}\n`,
  };
}

type FeedLine = ReturnType<typeof feedView>;
const feedLine = (f: FeedLine) => `${f.code}  ${f.enabled ? 'enabled ' : 'disabled'}  ${f.dialect.padEnd(7)}  ${f.name}`;

const feedList: CliCommand = {
  name: 'feed list',
  usage: 'feed list',
  description: 'List monitor feeds',
  async run(ctx) {
    const app = await ctx.app();
    return (await app.repos.feeds.list()).map((row) => feedView(app.config, row));
  },
  format: (rows: FeedLine[]) => rows.map(feedLine).join('\n') + (rows.length ? '\n' : 'No feeds.\n'),
};

function feedSwitch(enabled: boolean): CliCommand {
  const verb = enabled ? 'enable' : 'disable';
  return {
    name: `feed ${verb}`,
    usage: `feed ${verb} CODE`,
    description: enabled ? 'Serve a disabled feed again' : 'Stop serving a feed (404), keeping its code',
    async run(ctx, args) {
      const app = await ctx.app();
      // The running server notices within its poll interval (about a second).
      return updateFeed(app.repos, app.config, positional(args, 'the feed code'), { enabled });
    },
    format: (f: FeedLine) => `${feedLine(f)}\n`,
  };
}

type Method = ReturnType<typeof payoutMethodView>;
const methodLine = (m: Method) => `${String(m.id).padEnd(4)} ${m.currency.padEnd(12)} ${m.commission.padStart(6)}%  ${m.title}`;

const methodList: CliCommand = {
  name: 'method list',
  usage: 'method list',
  description: 'List payout methods partners can choose',
  async run(ctx) {
    return (await (await ctx.app()).repos.payoutMethods.listActive()).map(payoutMethodView);
  },
  format: (rows: Method[]) => rows.map(methodLine).join('\n') + (rows.length ? '\n' : 'No payout methods.\n'),
};

const methodAdd: CliCommand = {
  name: 'method add',
  usage: 'method add --title T --currency C [--commission PERCENT]',
  description: 'Add a payout method',
  async run(ctx, args) {
    const input = { title: requireFlag(args, 'title'), currency: requireFlag(args, 'currency'), commission: optionalFlag(args, 'commission') };
    return createPayoutMethod((await ctx.app()).repos, input);
  },
  format: (m: Method) => `${methodLine(m)}\n`,
};

const methodRemove: CliCommand = {
  name: 'method remove',
  usage: 'method remove ID',
  description: 'Remove a payout method (past payouts keep it)',
  async run(ctx, args) {
    const id = requireIdOrWord(args, 'id');
    await deletePayoutMethod((await ctx.app()).repos, id, now());
    return { id, removed: true };
  },
  format: (r: { id: number }) => `Payout method ${r.id} removed.\n`,
};

type Exchange = ReturnType<typeof exchangeView>;
const exchangeLine = (e: Exchange) => `Exchange ${e.id} (${e.external_id}): ${e.status}, partner ${e.partner_id ?? '-'}, reward ${e.reward}`
  + `${e.flag ? `, flag ${e.flag}` : ''}${e.review ? `, ${e.review} by ${e.reviewed_by}` : ''}\n`;

const exchangeShow: CliCommand = {
  name: 'exchange show',
  usage: 'exchange show ID',
  description: 'Show an exchange with its reward, flag and review',
  async run(ctx, args) {
    return exchangeView(await getExchange((await ctx.app()).repos, requireIdOrWord(args, 'id')));
  },
  format: exchangeLine,
};

const exchangeList: CliCommand = {
  name: 'exchange list',
  usage: 'exchange list [--review R] [--status S] [--partner ID] [--limit N] [--offset N]',
  description: 'List exchanges, newest first, 100 a page; --review pending: flagged, awaiting a decision (or approved, rejected)',
  async run(ctx, args) {
    const rows = await (await ctx.app()).repos.exchanges.list({
      review: optionalChoice(args, 'review', ['pending', 'approved', 'rejected'] as const),
      status: optionalChoice(args, 'status', EXCHANGE_STATUSES),
      partnerId: args.flags.partner === undefined ? undefined : requireId(args, 'partner'),
      limit: optionalInt(args, 'limit', 1, 1000) ?? 100,
      offset: optionalInt(args, 'offset', 0, MAX_ID) ?? 0,
    });
    return rows.map(exchangeView);
  },
  format: (rows: Exchange[]) => (rows.length === 0 ? 'No exchanges.\n' : rows.map(exchangeLine).join('')),
};

function exchangeReview(decision: 'approved' | 'rejected'): CliCommand {
  const verb = decision === 'approved' ? 'approve' : 'reject';
  return {
    name: `exchange ${verb}`,
    usage: `exchange ${verb} ID [--by NAME]`,
    description: decision === 'approved' ? 'Credit the reward a flag withheld' : 'Keep a flagged reward withheld',
    async run(ctx, args) {
      const app = await ctx.app();
      const by = optionalFlag(args, 'by') ?? `cli:${userInfo().username}`;
      return exchangeView(await reviewExchange(app.repos, app.config, requireIdOrWord(args, 'id'), decision, by, now()));
    },
    format: exchangeLine,
  };
}

export const operationCommands: CliCommand[] = [
  keyRevoke, linkList, linkSwitch(true), linkSwitch(false), feedList, feedSwitch(false), feedSwitch(true),
  methodList, methodAdd, methodRemove, exchangeList, exchangeShow, exchangeReview('approved'), exchangeReview('rejected'),
];
