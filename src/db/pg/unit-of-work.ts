// repos.transaction(async (tx) => …) on PostgreSQL: one BEGIN … COMMIT on one pooled
// connection, rolled back when `work` throws. The interface promises that what `work` reads
// stays true until it commits, as SQLite's single writer gives; READ COMMITTED alone would
// let two instances read the same turnover and both write from it. So every unit of work
// first takes one transaction-level advisory lock: units of work run one at a time across
// all instances sharing the schema, while single repository calls (clicks, payouts, reads) never wait for it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { Repos, TxRepos } from '../repos.js';
import type { PgDb } from './open.js';
import { createTxRepos } from './repos/index.js';
import { guarded } from './unavailable.js';
import type { AuthVersionCache } from './auth-versions.js';
import { reportingAuthWrites } from './auth-writes.js';

/** pg_advisory_xact_lock's key for units of work. */
export const UNIT_OF_WORK_LOCK = 0x72746c77; // "rtlw"

export function withUnitOfWork(db: PgDb, authVersions?: AuthVersionCache): Repos {
  const inside = new AsyncLocalStorage<true>();

  const transaction = guarded(async <T>(work: (tx: TxRepos) => Promise<T>): Promise<T> => {
    // Another connection waiting for this one's locks would wait for ever: a bug in the caller.
    if (inside.getStore()) throw new Error('a repository outside the transaction was used inside it; use tx');
    const authChanged = new Set<number>();
    const result = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${UNIT_OF_WORK_LOCK}, hashtext(current_schema()))`);
      const repos = createTxRepos(tx);
      return inside.run(true, () => work(authVersions ? reportingAuthWrites(repos, (id) => { authChanged.add(id); }) : repos));
    });
    // Committed: only now may the remembered versions be forgotten (a read in between would see the old row).
    await authVersions?.changed(authChanged);
    return result;
  }) as Repos['transaction'];

  const outer = authVersions ? cachedAuthVersions(createTxRepos(db), authVersions) : createTxRepos(db);
  const gated = Object.fromEntries(Object.entries(outer).map(([name, repo]) => [name, gate(repo)])) as unknown as TxRepos;
  return { ...gated, transaction };

  function gate<R extends object>(repo: R): R {
    const out: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(repo) as Array<[string, (...args: unknown[]) => Promise<unknown>]>) {
      const call = guarded(fn);
      out[method] = (...args: unknown[]) => (inside.getStore()
        ? Promise.reject(new Error('a repository outside the transaction was used inside it; use tx'))
        : call(...args));
    }
    return out as R;
  }
}

/** The token check's read through the cache; the writes outside units of work forget after their statement. */
function cachedAuthVersions(repos: TxRepos, cache: AuthVersionCache): TxRepos {
  const reporting = reportingAuthWrites(repos, (id) => cache.changed([id]));
  const { activeAuthVersion } = repos.partnerAccounts;
  return {
    ...reporting,
    partnerAccounts: { ...reporting.partnerAccounts, activeAuthVersion: (partnerId) => cache.read(partnerId, () => activeAuthVersion(partnerId)) },
  };
}
