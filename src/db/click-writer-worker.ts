// The click writer thread: commits the batches of the /ref group commit on its own SQLite
// connection, so that the fsync of synchronous=FULL never blocks the event loop that
// serves requests. Same repository, same transaction, same conditional upsert as in-thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './client.js';
import { createClickRepo, type NewClick } from './repos/clicks.js';

export type WriterRequest = { type: 'write'; id: number; clicks: NewClick[] } | { type: 'close' };
export type WriterReply = { id: number; results: Array<{ id: number; isRepeat: boolean }> } | { id: number; error: string };

const { dbPath, windowSeconds } = workerData as { dbPath: string; windowSeconds: number };
const database = openDatabase(dbPath);
const clicks = createClickRepo(database.db);
const port = parentPort!;

port.on('message', async (message: WriterRequest) => {
  if (message.type === 'close') {
    database.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { id: message.id, results: await clicks.insertBatch(message.clicks, windowSeconds) };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
