// The delivery worker: claims due deliveries (worker claims apart across instances), sends each,
// records the outcome. Retries follow a backoff of about a day; an endpoint answering 410 Gone,
// or failing `disableAfter` times in a row, is disabled and its owner sees why (admin API).
import type { Repos } from '../../db/repos.js';
import type { DeliveryRow, DueDelivery } from '../../db/repos.js';
import { sendOutbound, type OutboundPolicy, type OutboundResult } from './outbound-http.js';
import { expandPostback } from './postback.js';
import { signWebhook } from './signing.js';

/** Seconds before each retry (Svix's schedule): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_SCHEDULE = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
const BATCH = 20;

export interface WorkerDeps {
  repos: Repos;
  /** For the operator's endpoints. */
  policy: OutboundPolicy;
  /** For partners' endpoints. */
  partnerPolicy: OutboundPolicy;
  disableAfter: number;
  /**
   * How long a claim keeps other workers off a delivery: longer than one attempt may take (the
   * timeout), so that a live worker is never doubled; a dead one's claims pass after it.
   */
  leaseSeconds: number;
  now: () => number;
  /** Told of each attempt (metrics). */
  onAttempt?: (kind: string, outcome: 'delivered' | 'retry' | 'failed') => void;
}

/**
 * Sends what is due until nothing is, the budget is spent or the instance is stopping: an
 * endpoint's queue drains one event after the other, as fast as its receiver answers, in order
 * (its head stays claimed while in flight, so its next event waits). Endpoints do not wait for
 * each other: a receiver taking the whole timeout holds up its own queue only, and the others'
 * next events are claimed as soon as their previous ones are answered. A stopping instance claims
 * no more (the others send the rest), so its shutdown waits for the attempts in flight only.
 */
export async function drain(deps: WorkerDeps, budgetMs = 5000, stopping = () => false): Promise<number> {
  const until = performance.now() + budgetMs;
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  let total = 0;
  for (;;) {
    const room = BATCH - inFlight.size;
    const claiming = room > 0 && failure === null && performance.now() < until && !stopping();
    // A failed claim (database gone) stops claiming; what is in flight is still waited for.
    const due = claiming ? await claim(deps, room).catch((error: unknown) => { failure ??= { error }; return []; }) : [];
    for (const item of due) {
      const sending: Promise<void> = attempt(deps, item)
        .catch((error: unknown) => { failure ??= { error }; })
        .finally(() => { inFlight.delete(sending); });
      inFlight.add(sending);
    }
    total += due.length;
    if (inFlight.size === 0) break;
    // An answer frees a queue (and room); the tick lets events written meanwhile be claimed.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([...inFlight, new Promise<void>((resolve) => { timer = setTimeout(resolve, TICK_MS); })]);
    clearTimeout(timer);
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
  return total;
}

/** One round: the head of each endpoint's queue, when due; resolves with the attempts made. */
export async function deliverDue(deps: WorkerDeps): Promise<number> {
  const due = await claim(deps, BATCH);
  await Promise.all(due.map((item) => attempt(deps, item)));
  return due.length;
}

function claim(deps: WorkerDeps, limit: number): Promise<DueDelivery[]> {
  const now = deps.now();
  return deps.repos.transaction((tx) => tx.events.claimDue(now, now + deps.leaseSeconds, limit));
}

const TICK_MS = 1000;

async function attempt(deps: WorkerDeps, { delivery, event, endpoint }: DueDelivery): Promise<void> {
  const data = JSON.parse(event.data) as Record<string, unknown>;
  const policy = endpoint.partnerId === null ? deps.policy : deps.partnerPolicy;
  const result = endpoint.kind === 'webhook'
    ? await sendWebhook(policy, endpoint.url, endpoint.secret ?? '', event.id, event.type, event.createdAt, data, deps.now())
    : await sendOutbound({ method: 'GET', url: expandPostback(endpoint.url, data), headers: { 'user-agent': USER_AGENT } }, policy);
  const at = deps.now();
  const ok = 'status' in result && result.status >= 200 && result.status < 300;
  const gone = 'status' in result && result.status === 410;
  const attempts = delivery.attempts + 1;
  const permanent = gone || ('refused' in result && result.refused === true) || attempts > RETRY_SCHEDULE.length;
  const patch: Partial<DeliveryRow> = {
    attempts, lockedUntil: 0, lastStatus: 'status' in result ? result.status : null, lastError: describe(result),
    ...(ok ? { status: 'delivered', deliveredAt: at } : permanent ? { status: 'failed' } : { nextAttemptAt: at + RETRY_SCHEDULE[attempts - 1]! }),
  };
  await deps.repos.transaction(async (tx) => {
    // Only under this attempt's claim: a replay queued while it was in flight reset the delivery
    // (pending, from the first attempt, due now), and this outcome must not undo that (a
    // replay during the last retry's failure left it failed, never sent again).
    await tx.events.updateDelivery(delivery.id, patch, delivery.lockedUntil);
    const current = await tx.events.findEndpoint(endpoint.id);
    if (!current) return;
    const failures = ok ? 0 : current.consecutiveFailures + 1;
    const disable = gone ? 'gone' : failures >= deps.disableAfter ? 'failing' : null;
    await tx.events.updateEndpoint(endpoint.id, {
      consecutiveFailures: failures, updatedAt: at,
      ...(disable && current.enabled ? { enabled: false, disabledReason: disable } : {}),
    });
  });
  deps.onAttempt?.(endpoint.kind, ok ? 'delivered' : permanent ? 'failed' : 'retry');
}

const USER_AGENT = 'ratelink-webhooks/1';

function sendWebhook(policy: OutboundPolicy, url: string, secret: string, eventId: number, type: string, createdAt: number, data: Record<string, unknown>, now: number): Promise<OutboundResult> {
  const id = `evt_${eventId}`; // the same on every retry: receivers deduplicate on it
  const body = JSON.stringify({ type, timestamp: new Date(createdAt * 1000).toISOString(), data });
  return sendOutbound({
    method: 'POST', url, body,
    headers: {
      'content-type': 'application/json', 'user-agent': USER_AGENT,
      'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': signWebhook(secret, id, now, body),
    },
  }, policy);
}

function describe(result: OutboundResult): string | null {
  if ('error' in result) return result.error;
  return result.status >= 200 && result.status < 300 ? null : `HTTP ${result.status}`;
}
