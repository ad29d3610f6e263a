// webhook add|list|disable|enable|replay|deliveries: the operator's endpoints, as /admin/webhooks.
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, replay, updateEndpoint } from '../../services/events/endpoints.js';
import { optionalFlag, requireId, requireIdOrWord, UsageError, type ParsedArgs } from '../args.js';
import type { CliCommand } from '../command.js';

const now = () => Math.floor(Date.now() / 1000);
type View = Awaited<ReturnType<typeof listEndpoints>>[number] & { secret?: string };

function unixTime(args: ParsedArgs, name: string): number | undefined {
  const value = args.flags[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,11}$/.test(value)) throw new UsageError(`--${name} must be a unix time in seconds`);
  return Number(value);
}

const line = (e: View) => `${e.id}  ${e.enabled ? 'enabled ' : `disabled (${e.disabled_reason})`}  ${e.url}  ${e.events.join(',')}${e.failing ? `  failing ×${e.consecutive_failures}` : ''}\n`;

const add: CliCommand = {
  name: 'webhook add',
  usage: 'webhook add URL [--events a,b]',
  description: 'Send signed events to URL (default: every event but click.created); prints the secret once',
  async run(ctx, args) {
    const url = args.positionals[0];
    if (!url) throw new UsageError('webhook add needs the receiver\'s URL');
    const events = optionalFlag(args, 'events')?.split(',').map((e) => e.trim());
    const app = await ctx.app();
    return createEndpoint(app.repos, app.config, null, 'webhook', { url, events }, now());
  },
  format: (e: View) => `${line(e)}Secret (shown once; verify webhook-signature with it): ${e.secret}\n`,
};

const list: CliCommand = {
  name: 'webhook list',
  usage: 'webhook list',
  description: 'The operator\'s webhook endpoints, with failing and disabled ones marked',
  async run(ctx) {
    return listEndpoints((await ctx.app()).repos, null);
  },
  format: (items: View[]) => (items.length ? items.map(line).join('') : 'No webhook endpoints.\n'),
};

function toggle(enabled: boolean): CliCommand {
  return {
    name: enabled ? 'webhook enable' : 'webhook disable',
    usage: `webhook ${enabled ? 'enable' : 'disable'} ID`,
    description: enabled ? 'Send to an endpoint again (its failure count starts afresh)' : 'Stop sending to an endpoint (events keep queueing)',
    async run(ctx, args) {
      const app = await ctx.app();
      return updateEndpoint(app.repos, app.config, null, requireIdOrWord(args, 'id'), { enabled }, now());
    },
    format: line,
  };
}

const remove: CliCommand = {
  name: 'webhook delete',
  usage: 'webhook delete ID',
  description: 'Delete an endpoint with its delivery log; what waits for it is not sent',
  async run(ctx, args) {
    const id = requireIdOrWord(args, 'id');
    await deleteEndpoint((await ctx.app()).repos, null, id);
    return { id };
  },
  format: (r: { id: number }) => `Endpoint ${r.id} deleted.\n`,
};

const replayCommand: CliCommand = {
  name: 'webhook replay',
  usage: 'webhook replay ID (--event EVENT_ID | --from UNIX --to UNIX)',
  description: 'Send one event, or the events of a time range, to an endpoint again',
  async run(ctx, args) {
    const eventId = args.flags.event === undefined ? undefined : requireId(args, 'event');
    const from = unixTime(args, 'from');
    const to = unixTime(args, 'to');
    // One or the other, as the usage says: a missing half is a usage error, not a failed replay.
    if (eventId === undefined ? from === undefined || to === undefined : from !== undefined || to !== undefined) {
      throw new UsageError('webhook replay needs --event N, or --from and --to (unix seconds)');
    }
    return replay((await ctx.app()).repos, null, requireIdOrWord(args, 'id'), { eventId, from, to }, now());
  },
  format: (r: { queued: number }) => `${r.queued} events queued again.\n`,
};

const deliveries: CliCommand = {
  name: 'webhook deliveries',
  usage: 'webhook deliveries ID',
  description: 'The last 100 deliveries to an endpoint: status, attempts, last answer',
  async run(ctx, args) {
    return listDeliveries((await ctx.app()).repos, null, requireIdOrWord(args, 'id'));
  },
  format: (items: Awaited<ReturnType<typeof listDeliveries>>) => items.map((d) =>
    `${d.id}  event ${d.event_id} ${d.type}  ${d.status}  attempts ${d.attempts}${d.last_error ? `  ${d.last_error}` : ''}\n`).join('') || 'No deliveries.\n',
};

export const webhookCommands: CliCommand[] = [add, list, toggle(false), toggle(true), remove, replayCommand, deliveries];
