// The click writer thread: commits the batches of the /ref group commit on its own SQLite
// connection, so that the fsync of synchronous=FULL never blocks the event loop that
// serves requests. Same repository, same transaction, same conditional upsert as in-thread.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openDatabase } from './open.js';
import type { NewClick, RecordedClick } from '../repos.js';
import { createClickRepo } from './repos/clicks.js';

type WriteRequest = { type: 'write'; id: number; clicks: NewClick[] };
export type WriterRequest = WriteRequest | { type: 'close' };
export type WriterReply = { id: number; results: RecordedClick[] } | { id: number; error: string };

const { dbPath, windowSeconds } = workerData as { dbPath: string; windowSeconds: number };
const database = openDatabase(dbPath);
const clicks = createClickRepo(database.db);
const port = parentPort!;

port.on('message', async (first: WriterRequest) => {
  // Every batch that arrived while the last commit ran is committed together: one
  // transaction and one fsync however many batches waited.
  const requests = [first];
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) requests.push(next.message);
  const writes = requests.filter((request): request is WriteRequest => request.type === 'write');
  for (const reply of await writeTogether(writes)) port.postMessage(reply);
  if (writes.length < requests.length) {
    database.close();
    port.close();
  }
});

async function writeTogether(writes: WriteRequest[]): Promise<WriterReply[]> {
  if (writes.length === 0) return [];
  if (writes.length > 1) {
    try {
      const results = await clicks.insertBatch(writes.flatMap((write) => write.clicks), windowSeconds);
      let at = 0;
      return writes.map((write) => ({ id: write.id, results: results.slice(at, (at += write.clicks.length)) }));
    } catch {
      // Nothing was written; each batch alone, so that one bad batch fails only itself.
    }
  }
  return Promise.all(writes.map(async (write): Promise<WriterReply> => {
    try {
      return { id: write.id, results: await clicks.insertBatch(write.clicks, windowSeconds) };
    } catch (error) {
      return { id: write.id, error: error instanceof Error ? error.message : String(error) };
    }
  }));
}

