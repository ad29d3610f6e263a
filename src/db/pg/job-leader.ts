// One instance runs the jobs that must run once (docs/research: scale-out §2.4): the leader
// holds a session-level advisory lock on a dedicated connection, per schema. Another instance
// takes the lead when the leader's session ends (process killed, connection lost): PostgreSQL
// releases a session's locks with it. A follower keeps no connection between its tries.
import pg from 'pg';
import type { JobLeader } from '../database.js';
import type { PgOptions } from './open.js';

export const JOBS_LOCK = 0x72746a62; // "rtjb"

/**
 * The pool's timeouts apply to the leader's own connection too: without them a silent server (a
 * partition, a failover) leaves the leader's check hanging, its jobs stopped for good and the
 * instance's shutdown waiting on that check.
 */
export function createPgJobLeader(url: string, { connectTimeoutMs = 5000, statementTimeoutMs }: Pick<PgOptions, 'connectTimeoutMs' | 'statementTimeoutMs'> = {}): JobLeader {
  let client: pg.Client | null = null;
  let leading = false;

  function drop() {
    const last = client;
    client = null;
    leading = false;
    last?.removeAllListeners();
    last?.on('error', () => {});
    void last?.end().catch(() => {});
  }

  return {
    async isLeader() {
      try {
        if (leading && client) {
          await client.query('select 1'); // still our session, so still our lock
          return true;
        }
        if (!client) {
          const next = new pg.Client({
            connectionString: url, keepAlive: true, application_name: 'ratelink-jobs',
            connectionTimeoutMillis: connectTimeoutMs, query_timeout: statementTimeoutMs,
          });
          next.on('error', drop);
          next.on('end', drop);
          client = next;
          await next.connect();
        }
        const { rows } = await client.query<{ got: boolean }>('select pg_try_advisory_lock($1, hashtext(current_schema())) as got', [JOBS_LOCK]);
        leading = rows[0]?.got === true;
        if (!leading) drop();
        return leading;
      } catch {
        drop();
        return false;
      }
    },
    async close() {
      const last = client;
      client = null;
      leading = false;
      last?.removeAllListeners();
      last?.on('error', () => {});
      await last?.end().catch(() => {}); // the session ends: the lock is free for another instance
    },
  };
}
