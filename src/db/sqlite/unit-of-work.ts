// repos.transaction(async (tx) => …) on better-sqlite3. One connection serves the whole
// process, so while a transaction awaits between its statements no other statement may run
// on the connection (it would join the transaction, or see its uncommitted rows). Every
// repository call outside the transaction therefore waits for it to end. The check is one
// comparison, so hot paths (/ref's lookups; its click writes go through their own
// connection in the click writer thread) pay nothing while no transaction is open.
import { AsyncLocalStorage } from 'node:async_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import type { Repos, TxRepos } from '../repos.js';

export function withUnitOfWork(driver: BetterSqlite3.Database, inner: TxRepos): Repos {
  const inside = new AsyncLocalStorage<true>();
  let open: Promise<void> | null = null;

  // Runs `next` in the same tick as the check that no transaction is open: an await between
  // the two would let a transaction begin in that gap.
  async function whenIdle<T>(next: () => T | Promise<T>): Promise<T> {
    // Waiting from inside the transaction would wait for ever: a bug in the caller.
    if (inside.getStore()) throw new Error('a repository outside the transaction was used inside it; use tx');
    while (open) await open;
    return next();
  }

  function transaction<T>(work: (tx: TxRepos) => Promise<T>): Promise<T> {
    return whenIdle(() => run(work));
  }

  async function run<T>(work: (tx: TxRepos) => Promise<T>): Promise<T> {
    let end!: () => void;
    open = new Promise((resolve) => { end = resolve; });
    try {
      // IMMEDIATE: the write lock is taken now, so what the work reads stays true until it
      // commits, also against other processes (the CLI, the click writer thread).
      driver.exec('BEGIN IMMEDIATE');
      try {
        const result = await inside.run(true, () => work(inner));
        driver.exec('COMMIT');
        return result;
      } catch (error) {
        if (driver.inTransaction) driver.exec('ROLLBACK');
        throw error;
      }
    } finally {
      open = null;
      // Units of work run one at a time, so no other context needs the store now. While an
      // AsyncLocalStorage is enabled, Node 20 runs async hooks on every promise, timer and
      // socket of the process: the feeds and /ref paid for them on every request once the first
      // unit of work (the event worker's, every second) had run (BENCHMARKS.md, issue 12 §9,
      // fourth session). run() enables it again for the next one.
      inside.disable();
      end();
    }
  }

  const gated = Object.fromEntries(Object.entries(inner).map(([name, repo]) => [name, gate(repo)])) as unknown as TxRepos;
  return { ...gated, transaction };

  function gate<R extends object>(repo: R): R {
    const out: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(repo) as Array<[string, (...args: unknown[]) => Promise<unknown>]>) {
      out[method] = (...args: unknown[]) => (open === null ? fn(...args) : whenIdle(() => fn(...args)));
    }
    return out as R;
  }
}
