// The partners' auth versions, remembered per instance on PostgreSQL: every REST API request
// checks its token's auth_version (routes/rest-api/auth.ts), and a read is a network round
// trip (~0.6–1.3 ms here) where the token check should cost under 50 µs.
//
// Staying exact ("a blocked partner, a changed password, a revoked session stop working at
// once"):
// - the instance that writes forgets the partner as soon as the write has committed (the unit
//   of work calls `changed` after COMMIT, a single call after its statement), so its own next
//   request reads again;
// - the other instances hear it through NOTIFY ratelink_auth (./change-signal.ts) and forget
//   it on arrival: their bound is the notification's delay (BENCHMARKS.md, issue 15 fourth session);
// - a read that was under way while a partner was forgotten is not remembered (it may have
//   read the row before the change committed): `epoch` counts forgettings;
// - nothing is remembered while the LISTEN connection is down, everything is forgotten when it
//   comes back (a notification may have been missed in between), and an entry lives MAX_AGE_MS
//   at most, for a listener that died without its socket saying so.
import type pg from 'pg';
import { createPgChannel, type PgChannel } from './change-signal.js';

const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 100_000;

export interface AuthVersionCache {
  /** The remembered version, or `load()`'s, remembered when nothing changed meanwhile. */
  read(partnerId: number, load: () => Promise<number | null>): Promise<number | null>;
  /** After a committed write that may change the partner's version or status: forget it here, tell the others. */
  changed(partnerIds: Iterable<number>): Promise<void>;
  close(): Promise<void>;
}

export async function createAuthVersionCache(url: string, pool: pg.Pool, channel: PgChannel = createPgChannel(url, pool, 'ratelink_auth')): Promise<AuthVersionCache> {
  const entries = new Map<number, { version: number | null; until: number }>();
  let epoch = 0;
  let listening = false;
  const forget = (partnerId?: number) => {
    epoch++;
    if (partnerId === undefined) entries.clear(); else entries.delete(partnerId);
  };
  const stop = await channel.listen((detail) => {
    if (detail === undefined) {
      listening = true; // (re)connected: whatever was missed meanwhile is forgotten
      forget();
    } else {
      forget(Number(detail));
    }
  }, () => {
    listening = false;
    forget();
  });
  return {
    async read(partnerId, load) {
      const hit = entries.get(partnerId);
      if (hit && hit.until > Date.now()) return hit.version;
      const before = epoch;
      const version = await load();
      if (listening && before === epoch) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(partnerId, { version, until: Date.now() + MAX_AGE_MS });
      }
      return version;
    },
    async changed(partnerIds) {
      for (const partnerId of new Set(partnerIds)) {
        forget(partnerId);
        await channel.announce(String(partnerId));
      }
    },
    close: async () => {
      listening = false;
      forget();
      await stop();
    },
  };
}
