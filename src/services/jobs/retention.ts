// What ratelink deletes, and when (docs/deployment.md#what-grows-and-what-is-deleted). Nothing here is part of
// the ledger: clicks, exchanges, rewards, payouts and their entries are kept for ever. These
// are rows that stopped meaning anything, and tables that would otherwise grow with every
// visitor or every event:
// - a click dedupe window an hour after it ended (a visitor coming back then counts again
//   whether or not the row exists);
// - a one-time link (invitation, password reset) a week after it expired, so that for that
//   week its page still says "expired" rather than "invalid";
// - refresh tokens once every token of their sign-in's family has expired;
// - ended cabinet sessions a day after they ended (kept for the audit of a recent sign-out);
// - events (and their deliveries, sent or not) older than the event retention.
import type { Repos } from '../../db/repos.js';

const DAY = 86_400;
/**
 * Rows a statement deletes at most. On SQLite the deletes run on the event loop: 200 dedupe
 * windows of a million-row table take ~2.5 ms, while chunks of 500 or more outgrow SQLite's page
 * cache and cost three times as much a row (BENCHMARKS.md, retention).
 */
export const PRUNE_CHUNK = 200;
/** Work one run may do: a backlog (the first run on an old ledger) drains over several hours, never in one go. */
export const RUN_BUDGET_MS = 2_000;

export interface RetentionRules {
  /** The click dedupe window (src/services/referral/follow.ts). */
  clickWindowSeconds: number;
  /** Days events are kept (RATELINK_EVENT_RETENTION_DAYS). */
  eventDays: number;
}

export interface Pruned {
  sessions: number;
  oneTimeLinks: number;
  refreshTokens: number;
  events: number;
  deliveries: number;
  clickWindows: number;
}

/** Each kind gets at least one chunk a run, then more while the budget lasts; the largest table last. */
export async function pruneExpired(repos: Repos, rules: RetentionRules, now: number, budgetMs = RUN_BUDGET_MS): Promise<Pruned> {
  const { retention } = repos;
  const deadline = performance.now() + budgetMs;
  const inChunks = async (prune: (limit: number) => Promise<number>) => {
    for (let total = 0; ;) {
      const deleted = await prune(PRUNE_CHUNK);
      total += deleted;
      if (deleted === 0 || performance.now() >= deadline) return total;
      await yieldToRequests();
    }
  };
  const pruned: Pruned = {
    sessions: await repos.partnerSessions.purge(now - DAY),
    oneTimeLinks: await inChunks((limit) => retention.pruneOneTimeLinks(now - 7 * DAY, limit)),
    refreshTokens: await inChunks((limit) => retention.pruneRefreshFamilies(now, limit)),
    events: 0,
    deliveries: 0,
    clickWindows: 0,
  };
  pruned.events = await inChunks(async (limit) => {
    const chunk = await retention.pruneEvents(now - rules.eventDays * DAY, limit);
    pruned.deliveries += chunk.deliveries;
    return chunk.events;
  });
  // An hour after the window ended: no clock skew between instances can make it count again early.
  pruned.clickWindows = await inChunks((limit) => retention.pruneClickWindows(now - rules.clickWindowSeconds - 3600, limit));
  return pruned;
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));
