// Group commit for clicks. One INSERT transaction per request caps /ref at one fsync per
// click; instead, the clicks of concurrent requests are queued and written in one
// transaction, and each caller's promise settles only after that transaction committed,
// so every redirect is sent after its click is durable (WAL + synchronous=FULL).
import type { NewClick, RecordedClick } from '../../db/repos.js';

export type WriteBatch = (batch: NewClick[]) => Promise<RecordedClick[]>;

export interface ClickRecorderOptions {
  /**
   * Hand a batch to the writer as soon as this many clicks wait (when fewer than two batches
   * are in flight), without waiting for the end of the loop's turn. Under load one turn reads
   * the requests of every connection, tens of them; a first batch sent after 16 is committed
   * while the turn goes on, so that the writer and the event loop work side by side instead of
   * by turns (at 50 connections: 1.35x the redirects per second, BENCHMARKS.md issue 12 §9,
   * sixth session).
   */
  earlyBatch?: number;
  /** The most clicks in one batch. */
  maxBatch?: number;
  /** Called once per failed batch with the number of clicks lost; those resolve to null. */
  onError?: (error: unknown, clicks: number) => void;
}

export interface ClickRecorder {
  /** Resolves with the stored click once committed, or null when it could not be stored. */
  record(click: NewClick): Promise<RecordedClick | null>;
  /** Writes what is queued, waits for writes in flight, then refuses new clicks. */
  close(): Promise<void>;
}

interface Pending {
  click: NewClick;
  settle: (result: RecordedClick | null) => void;
}

const MAX_IN_FLIGHT = 2;

export function createClickRecorder(write: WriteBatch, options: ClickRecorderOptions = {}): ClickRecorder {
  const earlyBatch = options.earlyBatch ?? 16;
  const maxBatch = options.maxBatch ?? 100;
  const onError = options.onError ?? (() => {});
  const queue: Pending[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  let closed = false;
  const inFlight = new Set<Promise<void>>();

  function record(click: NewClick): Promise<RecordedClick | null> {
    if (closed) return Promise.resolve(null);
    return new Promise((settle) => {
      queue.push({ click, settle });
      if (inFlight.size >= MAX_IN_FLIGHT) return; // handed over when a commit ends
      if (queue.length >= earlyBatch) flush();
      // setImmediate, not nextTick: it runs after the poll phase, so every request that
      // arrived in this turn of the event loop joins the batch.
      else scheduled ??= setImmediate(flush);
    });
  }

  // Two batches in flight: while one commits, the next already waits at the writer, which
  // commits everything waiting in one transaction; so the writer never idles between two
  // commits, and the clicks arriving meanwhile gather here into fewer, larger messages.
  function flush(limit = MAX_IN_FLIGHT) {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    while (queue.length > 0 && inFlight.size < limit) {
      const done: Promise<void> = writeBatch(queue.splice(0, maxBatch)).finally(() => {
        inFlight.delete(done);
        if (queue.length > 0 && !closed) flush();
      });
      inFlight.add(done);
    }
  }

  async function writeBatch(batch: Pending[]) {
    const error = await tryWrite(batch);
    if (error === undefined) return;
    // One bad row must not cost the others their click: retry each on its own.
    const failed = batch.length === 1 ? batch
      : (await Promise.all(batch.map(async (p) => (await tryWrite([p])) === undefined ? null : p))).filter((p) => p !== null);
    for (const p of failed) p.settle(null);
    if (failed.length > 0) onError(error, failed.length);
  }

  /** Writes and settles the batch; returns the error instead when the write failed. */
  async function tryWrite(batch: Pending[]): Promise<unknown> {
    try {
      const results = await write(batch.map((p) => p.click));
      batch.forEach((p, i) => p.settle(results[i] ?? null));
      return undefined;
    } catch (error) {
      return error ?? new Error('click write failed');
    }
  }

  async function close() {
    closed = true;
    flush(Infinity);
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  return { record, close };
}
