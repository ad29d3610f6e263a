// A worker thread with its own SQLite connection: waits for the shared start signal, then
// races the other workers to reserve a payout or to move an exchange (see test/services/ledger/concurrency.test.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../src/db/sqlite/open.js';
import { createRepos } from '../../src/db/sqlite/repos/index.js';

const { path, start, task } = workerData as {
  path: string;
  start: SharedArrayBuffer;
  task: { kind: 'reserve'; partnerId: number; methodId: number; amount: number } | { kind: 'success'; exchangeId: number; partnerId: number; reward: number };
};
const database = openDatabase(path);
const repos = createRepos(database.db);
Atomics.wait(new Int32Array(start), 0, 0);
let won: boolean;
if (task.kind === 'reserve') {
  won = (await repos.payouts.reserve({ partnerId: task.partnerId, methodId: task.methodId, account: 'race', amount: task.amount, at: 1 })) !== null;
} else {
  won = (await repos.exchanges.transition(task.exchangeId, { status: 'pending', reward: 0 }, { status: 'success', reward: task.reward, updatedAt: 1 },
    { partnerId: task.partnerId, kind: 'reward', amount: task.reward })) !== null;
}
database.close();
parentPort?.postMessage(won);
