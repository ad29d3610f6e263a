// Every enabled feed, in every format and in the encodings monitors fetch, held in memory: a
// request never touches SQLite and never serialises. The documents are rebuilt only when
// something they depend on changes:
//   - a write through this process: changed() resolves once the feeds serve it (read your
//     writes: the admin API answers after that); writes arriving together share one rebuild;
//   - a write by another process (the CLI, another instance): `rates_version`, the maintenance
//     switch and the feeds' settings are polled about once a second;
//   - time: a listed rate turning stale changes the feed, so a rebuild is scheduled for then.
import type { FastifyBaseLogger } from 'fastify';
import type { FeedSourceState, Repos } from '../../db/repos.js';
import type { ChangeSignal } from '../../db/database.js';
import { FEED_FORMATS, type FeedFormat } from '../../export/types.js';
import { buildFeeds } from './build.js';
import { createFeedDemand } from './demand.js';
import { representDocument, type CompressionMemo, type Encoding, type Representation } from './representation.js';
import { createFetchCounter } from './fetch-stats.js';

export type FeedEntry = Record<FeedFormat, Representation>;

export interface FeedCacheOptions {
  repos: Repos;
  forceMaintenance: boolean;
  log?: FastifyBaseLogger;
  /** Unix seconds; injectable for tests. */
  clock?: () => number;
  coalesceMs?: number;
  pollMs?: number;
  /** Other instances' changes pushed to this one, and this one's announced to them. */
  signal?: ChangeSignal | null;
  statsFlushMs?: number;
  /** Told of every fetch and rebuild (metrics); nothing is told when absent. */
  observer?: FeedObserver;
}

export interface FeedObserver {
  fetched(code: string, format: FeedFormat, encoding: Encoding): void;
  rebuilt(milliseconds: number, feeds: number): void;
}

export type FeedCache = ReturnType<typeof createFeedCache>;

export function createFeedCache(options: FeedCacheOptions) {
  const { repos, log } = options;
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  const coalesceMs = options.coalesceMs ?? 100;
  let entries = new Map<string, FeedEntry>();
  let seen: FeedSourceState | null = null;
  let nextChangeAt: number | null = null;
  let lastBuildMs = 0;
  let scheduled: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let dirty = false;
  // A change another instance announced: rebuilt without the coalescing pause.
  let urgent = false;
  let stopListening: (() => Promise<void>) | null = null;
  // Writers waiting for the next rebuild to start and finish (changed()).
  let waiting: Array<() => void> = [];
  let failed = false;
  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  let staleTimer: NodeJS.Timeout | null = null;
  const fetches = createFetchCounter();
  const demand = createFeedDemand();

  async function rebuild() {
    const started = performance.now();
    const built = await buildFeeds(repos, { now: clock(), forceMaintenance: options.forceMaintenance, log });
    const now = clock();
    const next = new Map(built.feeds.map((feed) => [feed.code, {} as FeedEntry]));
    const memo: CompressionMemo = new Map();
    // Each document starts compressing (zlib's threads) as soon as it is rendered, while this
    // thread renders the next; the largest (XML) go first, so that they finish first.
    await Promise.all(FEED_FORMATS.flatMap((format) => built.feeds.map(async (feed) => {
      const text = feed.render[format]();
      const previous = entries.get(feed.code)?.[format];
      next.get(feed.code)![format] = await representDocument(format, text, now, previous, memo, demand.wanted(feed.code, format, now));
    })));
    entries = next; // swapped whole: a request sees the old set or the new one
    seen = built.state;
    nextChangeAt = built.nextChangeAt;
    lastBuildMs = performance.now() - started;
    options.observer?.rebuilt(lastBuildMs, entries.size);
    failed = false;
    scheduleStaleRebuild();
  }

  /** Runs rebuilds one at a time; a change arriving meanwhile gets one more rebuild after. */
  function run(): Promise<void> {
    scheduled = null;
    dirty = false;
    urgent = false;
    const served = waiting;
    waiting = [];
    running = rebuild()
      .catch((err) => {
        failed = true; // retried by the next poll
        log?.error({ err }, 'feed rebuild failed; still serving the previous documents');
      })
      .finally(() => {
        running = null;
        for (const resolve of served) resolve();
        if (dirty && !scheduled && !closed) scheduled = waiting.length > 0 ? setTimeout(run, 0) : unref(setTimeout(run, urgent ? 0 : coalesceMs));
      });
    return running;
  }

  function scheduleStaleRebuild() {
    if (staleTimer) clearTimeout(staleTimer);
    staleTimer = null;
    if (nextChangeAt === null) return;
    const delay = Math.min(Math.max(nextChangeAt * 1000 - Date.now(), 0), 2 ** 31 - 1);
    staleTimer = unref(setTimeout(invalidate, delay));
  }

  function invalidate() {
    if (closed) return;
    dirty = true;
    if (!scheduled && !running) scheduled = unref(setTimeout(run, coalesceMs));
  }

  /** Another instance announced a change: rebuild now (after a rebuild under way). */
  function invalidateNow() {
    if (closed) return;
    dirty = true;
    urgent = true;
    if (running) return;
    if (scheduled) clearTimeout(scheduled);
    scheduled = unref(setTimeout(run, 0));
  }

  /**
   * A write through this process changed what feeds show: resolves once the feeds serve it.
   * Writes arriving while a rebuild runs share the one after it. A failed rebuild resolves too
   * (the write is stored; the error is logged and the next poll retries).
   */
  function changed(): Promise<void> {
    if (closed) return Promise.resolve();
    // The write has committed: the other instances rebuild while this one does.
    options.signal?.announce().catch((err: unknown) => log?.warn({ err }, 'could not announce a feed change; other instances will poll it'));
    return new Promise((resolve) => {
      waiting.push(resolve);
      dirty = true;
      if (running) return;
      if (scheduled) clearTimeout(scheduled);
      scheduled = setTimeout(run, 0); // not unref'd: a writer is waiting for it
    });
  }

  /** Rebuilds now (after any rebuild under way); resolves when the new documents are served. */
  async function refresh(): Promise<void> {
    while (running) await running;
    if (scheduled) clearTimeout(scheduled);
    await run();
  }

  /** Resolves once no rebuild is pending or running. */
  async function settle(): Promise<void> {
    while (running || scheduled) {
      if (scheduled) await refresh();
      else await running;
    }
  }

  async function poll() {
    try {
      const state = await repos.feeds.readSourceState();
      if (!seen || failed || state.ratesVersion !== seen.ratesVersion || state.maintenance !== seen.maintenance
        || state.feedsSignature !== seen.feedsSignature) invalidate();
    } catch (err) {
      log?.error({ err }, 'feed change poll failed');
    }
  }

  async function flushStats() {
    const stats = fetches.drain();
    if (stats.length === 0) return;
    try {
      await repos.feeds.recordFetches(stats);
    } catch (err) {
      log?.error({ err }, 'could not record feed fetch statistics');
    }
  }

  return {
    /** The cached feed, or undefined for an unknown or disabled code. */
    lookup(code: string): FeedEntry | undefined {
      return entries.get(code);
    },
    /** Counts a fetch, and remembers the encoding so that later versions have it ready. */
    recordFetch(code: string, ip: string, format: FeedFormat, encoding: Encoding) {
      const at = clock();
      fetches.record(code, ip, at);
      demand.record(code, format, encoding, at);
      options.observer?.fetched(code, format, encoding);
    },
    invalidate,
    changed,
    refresh,
    settle,
    /** Builds the first documents and starts watching for changes. */
    async start() {
      await refresh();
      if (options.signal) {
        stopListening = await options.signal.listen(invalidateNow, (err) => log?.warn({ err }, 'feed change listener lost its connection; reconnecting (the poll covers the gap)'));
      }
      timers.push(unref(setInterval(poll, options.pollMs ?? 1000)));
      timers.push(unref(setInterval(flushStats, options.statsFlushMs ?? 10_000)));
    },
    async close() {
      closed = true;
      await stopListening?.();
      for (const timer of timers) clearInterval(timer);
      if (staleTimer) clearTimeout(staleTimer);
      while (running) await running;
      if (scheduled) clearTimeout(scheduled);
      scheduled = null;
      for (const resolve of waiting.splice(0)) resolve();
      await flushStats();
    },
    /** What the poll does every second: rebuild when another process changed the data. */
    checkForChanges: poll,
    flushStats,
    /** For the operator and the benchmark: how long the last rebuild took, when the next is due. */
    status: () => ({ feeds: entries.size, lastBuildMs, nextStaleRebuildAt: nextChangeAt }),
  };
}

function unref<T extends NodeJS.Timeout>(timer: T): T {
  timer.unref();
  return timer;
}
