// Feed changes pushed between instances (docs/research: scale-out §2.2): an instance that wrote
// something the feeds show sends NOTIFY ratelink_feeds with its schema and its own id; every
// other instance LISTENs on a dedicated connection (never a pooled one: the pool hands its
// clients back and forth, and LISTEN belongs to one session) and rebuilds at once. Delivery
// is at most once to sessions listening at that moment, so a lost connection is reopened with
// a growing pause, and every (re)connection reloads as if notified; the feed cache's poll
// stays the safety net for whatever still slips through.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ChangeSignal } from '../database.js';

const MAX_PAUSE_MS = 5000;

export function createPgChangeSignal(url: string, pool: pg.Pool): ChangeSignal {
  return createPgChannel(url, pool, 'ratelink_feeds');
}

/**
 * The same mechanism on any channel, with an optional `detail` (no spaces) carried to the
 * listeners: `onChange(detail)` for another instance's announcement, `onChange()` with none
 * after each (re)connection. The partners' auth versions use it (./auth-versions.ts).
 */
export interface PgChannel {
  announce(detail?: string): Promise<void>;
  listen(onChange: (detail?: string) => void, onError?: (error: unknown) => void): Promise<() => Promise<void>>;
}

export function createPgChannel(url: string, pool: pg.Pool, channel: string): PgChannel {
  const instance = randomBytes(6).toString('hex');
  return {
    async announce(detail = '') {
      await pool.query(`select pg_notify('${channel}', current_schema() || ' ' || $1 || ' ' || $2)`, [instance, detail]);
    },

    async listen(onChange, onError) {
      let client: pg.Client | null = null;
      let closed = false;
      let pause = 100;
      let retry: NodeJS.Timeout | null = null;

      function reconnectLater(error: unknown) {
        if (closed || retry) return;
        onError?.(error);
        const dropped = client;
        client = null;
        dropped?.removeAllListeners();
        dropped?.on('error', () => {});
        void dropped?.end().catch(() => {});
        retry = setTimeout(() => { retry = null; void connect(); }, pause);
        retry.unref();
        pause = Math.min(pause * 2, MAX_PAUSE_MS);
      }

      async function connect(): Promise<void> {
        const next = new pg.Client({ connectionString: url, keepAlive: true, application_name: 'ratelink-listen' });
        next.on('error', reconnectLater);
        next.on('end', () => reconnectLater(new Error('the LISTEN connection ended')));
        try {
          await next.connect();
          const { rows } = await next.query<{ schema: string }>('select current_schema() as schema');
          const schema = rows[0]!.schema;
          next.on('notification', (message) => {
            const [from, sender, detail] = (message.payload ?? '').split(' ');
            if (from === schema && sender !== instance) onChange(detail || undefined);
          });
          await next.query(`LISTEN ${channel}`);
          if (closed) {
            await next.end();
            return;
          }
          client = next;
          pause = 100;
          onChange(); // whatever changed while nobody listened
        } catch (error) {
          client = next;
          reconnectLater(error);
        }
      }

      await connect();
      return async () => {
        closed = true;
        if (retry) clearTimeout(retry);
        const last = client;
        client = null;
        last?.removeAllListeners();
        last?.on('error', () => {});
        await last?.end().catch(() => {});
      };
    },
  };
}
