// Deletes what can no longer change anything (src/services/jobs/retention.ts has the rules),
// a bounded number of rows a statement, so that no lock is held long.
import { sql } from 'drizzle-orm';
import type { RetentionRepo } from '../../repos.js';
import type { PgDb } from '../open.js';

export function createRetentionRepo(db: PgDb): RetentionRepo {
  const changes = async (query: ReturnType<typeof sql>) => (await db.execute(query)).rowCount ?? 0;
  return {
    async pruneClickWindows(before, limit) {
      // The condition again outside the subquery: a window a click claims again meanwhile is
      // re-read after its lock, and no longer matches, so it is kept (it counts from now).
      return changes(sql`delete from click_windows where counted_at <= ${before} and (link_id, user_hash) in
        (select link_id, user_hash from click_windows where counted_at <= ${before} limit ${limit})`);
    },
    async pruneOneTimeLinks(before, limit) {
      return changes(sql`delete from partner_tokens where id in
        (select id from partner_tokens where expires_at < ${before} limit ${limit})`);
    },
    async pruneRefreshFamilies(before, limit) {
      // A family whose every token expired can not grow (only an unexpired token is spent for the next).
      return changes(sql`delete from refresh_tokens where family in
        (select family from refresh_tokens group by family having max(expires_at) < ${before} limit ${limit})`);
    },
    async pruneEvents(before, limit) {
      return db.transaction(async (tx) => {
        const ids = (await tx.execute<{ id: number }>(sql`select id from events where created_at < ${before} order by id limit ${limit}`)).rows.map((r) => Number(r.id));
        if (ids.length === 0) return { events: 0, deliveries: 0 };
        const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
        const deliveries = (await tx.execute(sql`delete from deliveries where event_id in (${list})`)).rowCount ?? 0;
        const events = (await tx.execute(sql`delete from events where id in (${list})`)).rowCount ?? 0;
        return { events, deliveries };
      });
    },
  };
}
