// Deletes what can no longer change anything (src/services/jobs/retention.ts has the rules),
// a bounded number of rows a statement: the click writer thread waits for the write lock
// while one runs.
import { sql } from 'drizzle-orm';
import type { RetentionRepo } from '../../repos.js';
import type { Db } from '../open.js';

export function createRetentionRepo(db: Db): RetentionRepo {
  return {
    async pruneClickWindows(before, limit) {
      return db.run(sql`delete from click_windows where rowid in
        (select rowid from click_windows where counted_at <= ${before} limit ${limit})`).changes;
    },
    async pruneOneTimeLinks(before, limit) {
      return db.run(sql`delete from partner_tokens where rowid in
        (select rowid from partner_tokens where expires_at < ${before} limit ${limit})`).changes;
    },
    async pruneRefreshFamilies(before, limit) {
      return db.run(sql`delete from refresh_tokens where family in
        (select family from refresh_tokens group by family having max(expires_at) < ${before} limit ${limit})`).changes;
    },
    async pruneEvents(before, limit) {
      return db.transaction((tx) => {
        const ids = sql`select id from events where created_at < ${before} order by id limit ${limit}`;
        const deliveries = tx.run(sql`delete from deliveries where event_id in (${ids})`).changes;
        const events = tx.run(sql`delete from events where id in (${ids})`).changes;
        return { events, deliveries };
      });
    },
  };
}
