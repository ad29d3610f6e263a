// Where the group commit's batches are written. A file database gets a writer thread with
// its own connection (src/db/click-writer-worker.ts): the commit's fsync then overlaps with
// serving the next requests instead of stalling them, and the next batch grows meanwhile.
// An in-memory database can not be shared between threads, so it is written in-thread, as
// is any batch after the thread failed (clicks keep being recorded, the error is logged).
import { Worker } from 'node:worker_threads';
import type { NewClick, RecordedClick } from '../repos.js';
import type { Repos } from '../repos.js';
import type { WriterReply, WriterRequest } from './click-writer-worker.js';
import type { ClickWriter, ClickWriterOptions } from '../database.js';

export interface SqliteClickWriterOptions extends ClickWriterOptions {
  dbPath: string;
  repos: Repos;
}

export function createClickWriter({ dbPath, repos, windowSeconds, onThreadError }: SqliteClickWriterOptions): ClickWriter {
  const inThread: ClickWriter['write'] = (batch) => repos.clicks.insertBatch(batch, windowSeconds);
  if (dbPath === ':memory:') return { write: inThread, close: async () => {} };

  const pending = new Map<number, { resolve: (results: RecordedClick[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let alive = true;
  // Started with the first click, so that CLI runs and click-less processes spawn no thread.
  let worker: Worker | null = null;

  function thread(): Worker {
    if (worker) return worker;
    const started = startWorker({ dbPath, windowSeconds });
    started.on('message', (reply: WriterReply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.results);
    });
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`click writer thread exited with code ${code}`)));
    return (worker = started);
  }

  function fail(error: Error) {
    if (!alive) return;
    alive = false;
    onThreadError?.(error);
    // Batches the thread took but never answered fail, and the recorder retries them
    // in-thread: should one have committed after all, its second copy is stored as a repeat.
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  }

  function write(batch: NewClick[]): Promise<RecordedClick[]> {
    if (!alive) return inThread(batch);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      thread().postMessage({ type: 'write', id, clicks: batch } satisfies WriterRequest);
    });
  }

  async function close() {
    const running = alive ? worker : null;
    alive = false;
    if (!running) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.postMessage({ type: 'close' } satisfies WriterRequest);
    await exited;
  }

  return { write, close };
}

function startWorker(workerData: { dbPath: string; windowSeconds: number }): Worker {
  // From dist/ (npm start) the worker is plain JavaScript. From src/ (tests, benchmarks run
  // under tsx) the worker thread needs tsx registered before it can load TypeScript.
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./click-writer-worker.js', import.meta.url), { workerData });
  const entry = new URL('./click-writer-worker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const source = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(source, { eval: true, workerData });
}
