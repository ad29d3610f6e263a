// RATELINK_CLICK_IP_LIMIT: how many clicks one IP may write per minute. Over the limit the
// visitor is still redirected, but nothing is written, so a flood can not fill the ledger.
// A per-process counter on purpose: it protects this process's disk, and losing it on a
// restart only lets one extra minute of clicks through.

export interface IpClickLimit {
  /** Counts a click of `ip`; false when it is over the limit for the current minute. */
  take(ip: string): boolean;
}

export function createIpClickLimit(perMinute: number, now: () => number = Date.now): IpClickLimit {
  let minute = -1;
  let counts = new Map<string, number>();
  return {
    take(ip) {
      if (perMinute === 0) return true;
      const current = Math.floor(now() / 60_000);
      // A fixed window per clock minute: the map only ever holds this minute's IPs.
      if (current !== minute) {
        minute = current;
        counts = new Map();
      }
      const count = (counts.get(ip) ?? 0) + 1;
      counts.set(ip, count);
      return count <= perMinute;
    },
  };
}
