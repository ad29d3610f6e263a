// Who polls which feed: counted in memory on every fetch and written out periodically, so that
// a monitor polling every second costs a Map update, not a database write.
import type { FetchStats } from '../../db/repos.js';

export interface FetchCounter {
  record(code: string, ip: string, at: number): void;
  /** Takes what was counted since the last call, leaving the counter empty. */
  drain(): FetchStats[];
}

export function createFetchCounter(): FetchCounter {
  let pending = new Map<string, FetchStats>();
  return {
    record(code, ip, at) {
      const stats = pending.get(code);
      if (stats) {
        stats.count++;
        stats.lastAt = at;
        stats.lastIp = ip;
      } else {
        pending.set(code, { code, count: 1, lastAt: at, lastIp: ip });
      }
    },
    drain() {
      const drained = [...pending.values()];
      pending = new Map();
      return drained;
    },
  };
}
