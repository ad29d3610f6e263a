// Endpoints: the operator's (partnerId null) and each partner's own. The rules live here; the
// admin API, the CLI (and the partner's REST API and cabinet) only translate.
import type { Config } from '../../config.js';
import type { EventEndpointRow, EventRow, Repos } from '../../db/repos.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { internalUrlProblem, outboundUrlProblem } from './outbound-http.js';
import { unknownMacros } from './postback.js';
import { newWebhookSecret } from './signing.js';
import { EVENT_TYPES, POSTBACK_EVENTS, SUBSCRIBABLE, subscriptionKeys, typesOf, type EventType } from './types.js';

/** At most this many endpoints per owner: each event is queued for each of them. */
export const ENDPOINTS_PER_OWNER = 10;
const MAX_REPLAY = 10_000;

export interface EndpointInput {
  url?: unknown;
  events?: unknown;
  enabled?: unknown;
}

/** An endpoint as its owner sees it: never its secret (that is shown once, on creation). */
export function endpointView(row: EventEndpointRow) {
  return {
    id: row.id, kind: row.kind, url: row.url, events: JSON.parse(row.events) as string[], enabled: row.enabled,
    disabled_reason: row.disabledReason, failing: row.consecutiveFailures > 0, consecutive_failures: row.consecutiveFailures,
    created_at: row.createdAt, updated_at: row.updatedAt,
  };
}

/** The hosts an owner's endpoints may name inside the operator's network (tests, staging): the operator's list, or the partners'. */
export type EndpointHosts = Pick<Config, 'webhookAllowHosts' | 'partnerWebhookAllowHosts'>;

function readUrl(value: unknown, kind: EventEndpointRow['kind'], allowHosts: readonly string[]): string {
  if (typeof value !== 'string') throw new ValidationError('url', 'expected an http(s) URL');
  const url = value.trim();
  // Stored as typed: a raw control character (a NUL was a 500 on PostgreSQL) belongs in no URL; %00 does.
  if (/\p{Cc}/u.test(url)) throw new ValidationError('url', 'no control characters (percent-encode them)');
  // A postback's values come from the visitor's URL (sub-ids): in the host they would choose where requests go.
  if (kind === 'postback' && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\{/i.test(url)) throw new ValidationError('url', 'macros go in the path or the query, not in the host');
  const callable = kind === 'postback' ? url.replace(/\{[a-z0-9_]*\}/g, 'x') : url;
  const problem = outboundUrlProblem(callable) ?? internalUrlProblem(callable, allowHosts);
  if (problem) throw new ValidationError('url', problem);
  if (kind === 'postback') {
    const unknown = unknownMacros(url);
    if (unknown.length > 0) throw new ValidationError('url', `unknown macro {${unknown[0]}}; known: {sub1}…{sub5}, {click_id}, {exchange_id}, {status}, {reward}, {currency}, {amount}, {cur_from}, {cur_to}, {time}`);
  }
  return url;
}

function readEvents(value: unknown, kind: EventEndpointRow['kind']): string {
  const allowed: readonly string[] = kind === 'postback' ? POSTBACK_EVENTS : SUBSCRIBABLE;
  const list = value === undefined && kind === 'webhook' ? EVENT_TYPES.filter((type) => type !== 'click.created') : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((e) => typeof e !== 'string' || !allowed.includes(e))) {
    throw new ValidationError('events', `expected a list of: ${allowed.join(', ')}`);
  }
  return JSON.stringify([...new Set(list as string[])]);
}

const allowHostsOf = (hosts: EndpointHosts, owner: number | null) => (owner === null ? hosts.webhookAllowHosts : hosts.partnerWebhookAllowHosts);

export async function createEndpoint(repos: Repos, hosts: EndpointHosts, owner: number | null, kind: EventEndpointRow['kind'], input: EndpointInput, at: number) {
  const url = readUrl(input.url, kind, allowHostsOf(hosts, owner));
  const events = readEvents(input.events, kind);
  const secret = kind === 'webhook' ? newWebhookSecret() : null;
  // Count and insert in one unit of work: endpoints created at once cannot pass the limit together.
  const row = await repos.transaction(async (tx) => {
    if ((await tx.events.listEndpoints(owner)).length >= ENDPOINTS_PER_OWNER) {
      throw new ValidationError('url', `at most ${ENDPOINTS_PER_OWNER} endpoints`);
    }
    return tx.events.insertEndpoint({ partnerId: owner, kind, url, events, secret, createdAt: at });
  });
  // The secret is shown this once.
  return { ...endpointView(row), ...(secret ? { secret } : {}) };
}

/** The owner's endpoint (of `kind`, when given), or 404: also when it belongs to someone else. */
export async function ownEndpoint(repos: Repos, owner: number | null, id: number, kind?: EventEndpointRow['kind']): Promise<EventEndpointRow> {
  const row = await repos.events.findEndpoint(id);
  if (!row || row.partnerId !== owner || (kind !== undefined && row.kind !== kind)) throw new NotFoundError(`Endpoint ${id}`);
  return row;
}

export async function listEndpoints(repos: Repos, owner: number | null, kind?: EventEndpointRow['kind']) {
  return (await repos.events.listEndpoints(owner)).filter((row) => kind === undefined || row.kind === kind).map(endpointView);
}

export async function updateEndpoint(repos: Repos, hosts: EndpointHosts, owner: number | null, id: number, input: EndpointInput, at: number) {
  const row = await ownEndpoint(repos, owner, id);
  if (input.enabled !== undefined && typeof input.enabled !== 'boolean') throw new ValidationError('enabled', 'expected true or false');
  const patch = {
    ...(input.url !== undefined ? { url: readUrl(input.url, row.kind, allowHostsOf(hosts, owner)) } : {}),
    ...(input.events !== undefined ? { events: readEvents(input.events, row.kind) } : {}),
    // Enabling again starts a fresh count; disabling by hand says so.
    ...(input.enabled === true ? { enabled: true, disabledReason: null, consecutiveFailures: 0 } : {}),
    ...(input.enabled === false ? { enabled: false, disabledReason: 'operator' } : {}),
    updatedAt: at,
  };
  // Enabled again after being disabled: its receiver is presumably fixed, so what queued goes now,
  // not at a retry time that may be ten hours away. Read in the unit of work: an attempt failing
  // meanwhile may have disabled the endpoint that was enabled when this request read it.
  const updated = await repos.transaction(async (tx) => {
    const current = input.enabled === true ? await tx.events.findEndpoint(id) : null;
    if (current && !current.enabled) await tx.events.resumeDeliveries(id, at);
    return tx.events.updateEndpoint(id, patch);
  });
  if (!updated) throw new NotFoundError(`Endpoint ${id}`); // deleted meanwhile
  return endpointView(updated);
}

/** Deletes the owner's endpoint and its delivery log; another owner's: 404. */
export async function deleteEndpoint(repos: Repos, owner: number | null, id: number): Promise<void> {
  await ownEndpoint(repos, owner, id);
  await repos.events.deleteEndpoint(id);
}

export async function rotateSecret(repos: Repos, owner: number | null, id: number, at: number) {
  const row = await ownEndpoint(repos, owner, id);
  if (row.kind !== 'webhook') throw new ValidationError('id', 'a postback has no secret');
  const secret = newWebhookSecret();
  return { ...endpointView((await repos.events.updateEndpoint(id, { secret, updatedAt: at }))!), secret };
}

export async function listDeliveries(repos: Repos, owner: number | null, id: number, limit = 100) {
  await ownEndpoint(repos, owner, id);
  return (await repos.events.listDeliveries(id, limit)).map((d) => ({
    id: d.id, event_id: d.eventId, type: d.type, status: d.status, attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? d.nextAttemptAt : null, last_status: d.lastStatus, last_error: d.lastError,
    delivered_at: d.deliveredAt, event_created_at: d.createdAt,
  }));
}

/** Whether the endpoint takes the event (an exchange.updated also under exchange.<status>). */
function takes(endpoint: EventEndpointRow, event: EventRow): boolean {
  const wanted = JSON.parse(endpoint.events) as string[];
  const keys = subscriptionKeys({ type: event.type as EventType, partnerId: event.partnerId, data: JSON.parse(event.data) as Record<string, unknown> });
  return keys.some((key) => wanted.includes(key));
}

/**
 * The ids of the period's events the endpoint takes, read page by page: the events it does not
 * take (a day of click.created for another endpoint) must not hide the ones it does. More than
 * MAX_REPLAY is refused rather than cut short, which would look like a complete replay.
 */
async function eventsTaken(repos: Repos, owner: number | null, endpoint: EventEndpointRow, from: number, to: number): Promise<number[]> {
  const taken: number[] = [];
  // Only the types it may take are read at all: a day of clicks costs the database, not this process.
  const types = typesOf(JSON.parse(endpoint.events) as string[]);
  for (let afterId = 0; ;) {
    const page = await repos.events.listEvents({ partnerId: owner, from, to, limit: MAX_REPLAY, afterId, types });
    taken.push(...page.filter((event) => takes(endpoint, event)).map((e) => e.id));
    if (taken.length > MAX_REPLAY) throw new ValidationError('to', `more than ${MAX_REPLAY} events in the period: replay it in shorter periods`);
    if (page.length < MAX_REPLAY) return taken;
    afterId = page.at(-1)!.id;
  }
}

/** Sends one event, or the endpoint's events of a time range, again (in order, as new deliveries would go). */
export async function replay(repos: Repos, owner: number | null, id: number, what: { eventId?: number; from?: number; to?: number }, at: number) {
  const endpoint = await ownEndpoint(repos, owner, id);
  let eventIds: number[];
  if (what.eventId !== undefined) {
    const event = await repos.events.findEvent(what.eventId);
    // Another partner's event is as unknown as a missing one.
    if (!event || (owner !== null && event.partnerId !== owner)) throw new NotFoundError(`Event ${what.eventId}`);
    if (!takes(endpoint, event)) throw new ValidationError('event_id', `the endpoint does not take ${event.type} events`);
    eventIds = [event.id];
  } else {
    if (what.from === undefined || what.to === undefined || what.from > what.to) throw new ValidationError('from', 'expected from <= to (unix seconds), or event_id');
    eventIds = await eventsTaken(repos, owner, endpoint, what.from, what.to);
  }
  await repos.transaction(async (tx) => { for (const eventId of eventIds) await tx.events.queue(eventId, [endpoint.id], at); });
  return { queued: eventIds.length };
}
