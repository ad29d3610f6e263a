// RATELINK_CLICK_IP_LIMIT: how many clicks one IP may write per minute. Over the limit the
// visitor is still redirected, but nothing is written, so a flood can not fill the ledger.
// A per-process counter on purpose: it protects this process's disk, and losing it on a
// restart only lets one extra minute of clicks through.
//
// IPv6 counts by /64 (one subscriber's prefix: rotating addresses inside it does not help),
// and the minute slides: the previous clock minute's count weighs in by the part of it that
// is still within the last 60 s, so a burst across a minute boundary can not take twice the limit.
import { normalizeIP } from '@fastify/rate-limit';

export interface IpClickLimit {
  /** Counts a click of `ip`; false when it is over the limit for the last minute. */
  take(ip: string): boolean;
  /** True when `ip` has used up its allowance for the last minute; counts nothing. */
  isOver(ip: string): boolean;
}

const MINUTE = 60_000;

export function createIpClickLimit(perMinute: number, now: () => number = Date.now): IpClickLimit {
  let minute = -1;
  let previous = new Map<string, number>();
  let current = new Map<string, number>();
  /** The counter key of `ip` and its weighted count over the last 60 s. */
  function estimate(ip: string): [key: string, count: number] {
    const time = now();
    const thisMinute = Math.floor(time / MINUTE);
    if (thisMinute !== minute) {
      previous = thisMinute === minute + 1 ? current : new Map();
      current = new Map();
      minute = thisMinute;
    }
    const key = ip.includes(':') ? normalizeIP(ip, 64) : ip;
    const weight = 1 - (time % MINUTE) / MINUTE;
    return [key, (previous.get(key) ?? 0) * weight + (current.get(key) ?? 0)];
  }
  return {
    take(ip) {
      if (perMinute === 0) return true;
      const [key, count] = estimate(ip);
      if (count >= perMinute) return false;
      current.set(key, (current.get(key) ?? 0) + 1);
      return true;
    },
    isOver(ip) {
      return perMinute !== 0 && estimate(ip)[1] >= perMinute;
    },
  };
}
