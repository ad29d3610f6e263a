// Races between separate SQLite connections to one database file: the database itself
// (conditional UPDATEs, unique indexes) must let exactly one writer win.
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../../../src/db/sqlite/open.js';
import { createRepos } from '../../../src/db/sqlite/repos/index.js';
import { makeMethod, makePartner } from '../../helpers/ledger-factory.js';
import { sqliteOnly } from '../../helpers/pg.js';

const SQLITE_ONLY = sqliteOnly('races between SQLite connections; test/db/pg/concurrency.test.ts races PostgreSQL');

function tempDatabase(t: Test) {
  const dir = t.testdir();
  const path = join(dir, 'ledger.db');
  const opened: Array<ReturnType<typeof openDatabase>> = [];
  t.teardown(() => {
    for (const db of opened) db.close();
  });
  const connect = () => {
    const database = openDatabase(path);
    opened.push(database);
    return createRepos(database.db);
  };
  return { path, connect };
}

async function fundedPartner(repos: ReturnType<typeof createRepos>, units: number) {
  const partner = await makePartner(repos, { min_payout: '1' });
  const method = await makeMethod(repos);
  await repos.ledger.adjust({ partnerId: partner.id, amount: units, reason: 'opening balance', at: 1 });
  return { partner, method };
}

t.test('payouts.reserve › two connections reserving the whole balance: the second is refused by the database', { skip: SQLITE_ONLY }, async (t) => {
  const { connect } = tempDatabase(t);
  const a = connect();
  const b = connect();
  const { partner, method } = await fundedPartner(a, 10_000_000_000);
  // Both read the same balance before either writes: the stale read of a racing request.
  const seenByA = (await a.partners.findById(partner.id))!.balance;
  const seenByB = (await b.partners.findById(partner.id))!.balance;
  const first = await a.payouts.reserve({ partnerId: partner.id, methodId: method.id, account: 'A', amount: seenByA, at: 2 });
  const second = await b.payouts.reserve({ partnerId: partner.id, methodId: method.id, account: 'B', amount: seenByB, at: 2 });
  t.ok(first);
  t.equal(second, null);
  t.equal((await b.partners.findById(partner.id))!.balance, 0);
  t.equal(await b.ledger.sumByPartner(partner.id), 0n);
  t.equal((await b.payouts.list({ partnerId: partner.id })).length, 1, 'no payout row for the refused request');
});

t.test('exchanges.transition › two connections moving the same pending exchange: one reward entry', { skip: SQLITE_ONLY }, async (t) => {
  const { connect } = tempDatabase(t);
  const a = connect();
  const b = connect();
  const partner = await makePartner(a);
  const row = await a.exchanges.insert({
    externalId: 'race-1', partnerId: partner.id, time: 1, curGive: 'BTC', curGet: 'USD', amountGive: '1', amountGet: '1',
    courseGive: '1', courseGet: '1', status: 'pending', rewardBase: 100, updatedAt: 1,
  }, null);
  const entry = { partnerId: partner.id, kind: 'reward' as const, amount: 5_000_000 };
  const first = await a.exchanges.transition(row!.id, row!, { status: 'success', reward: 5_000_000, updatedAt: 2 }, entry);
  const second = await b.exchanges.transition(row!.id, row!, { status: 'success', reward: 5_000_000, updatedAt: 2 }, entry);
  t.ok(first);
  t.equal(second, null);
  t.equal((await b.partners.findById(partner.id))!.balance, 5_000_000);
  t.equal(await b.ledger.sumByPartner(partner.id), 5_000_000n);
});

/** Starts `tasks.length` worker threads, releases them at once, returns who won. */
async function race(path: string, tasks: unknown[]): Promise<boolean[]> {
  const start = new SharedArrayBuffer(4);
  const workers = tasks.map((task) => new Worker(new URL('../../helpers/ledger-race-worker.mjs', import.meta.url), { workerData: { path, start, task }, execArgv: [] }));
  const results = workers.map((w) => new Promise<boolean>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const online = workers.map((w) => new Promise((resolve) => w.once('online', resolve)));
  await Promise.all(online);
  await new Promise((resolve) => setTimeout(resolve, 200)); // let every worker open its connection
  Atomics.store(new Int32Array(start), 0, 1);
  Atomics.notify(new Int32Array(start), 0);
  return Promise.all(results);
}

t.test('payouts.reserve › four threads with their own connections race for the whole balance: exactly one wins', { skip: SQLITE_ONLY }, async (t) => {
  const { path, connect } = tempDatabase(t);
  const repos = connect();
  const { partner, method } = await fundedPartner(repos, 7_500_000_000);
  const wins = await race(path, Array.from({ length: 4 }, () => ({ kind: 'reserve', partnerId: partner.id, methodId: method.id, amount: 7_500_000_000 })));
  t.equal(wins.filter(Boolean).length, 1);
  t.equal((await repos.partners.findById(partner.id))!.balance, 0);
  t.equal(await repos.ledger.sumByPartner(partner.id), 0n);
});

t.test('exchanges.transition › four threads report the same success at once: exactly one reward', { skip: SQLITE_ONLY }, async (t) => {
  const { path, connect } = tempDatabase(t);
  const repos = connect();
  const partner = await makePartner(repos);
  const row = await repos.exchanges.insert({
    externalId: 'race-2', partnerId: partner.id, time: 1, curGive: 'BTC', curGet: 'USD', amountGive: '1', amountGet: '1',
    courseGive: '1', courseGet: '1', status: 'pending', rewardBase: 100, updatedAt: 1,
  }, null);
  const wins = await race(path, Array.from({ length: 4 }, () => ({ kind: 'success', exchangeId: row!.id, partnerId: partner.id, reward: 3_000_000 })));
  t.equal(wins.filter(Boolean).length, 1);
  t.equal((await repos.partners.findById(partner.id))!.balance, 3_000_000);
  t.equal((await repos.ledger.listByPartner(partner.id)).length, 1);
});
