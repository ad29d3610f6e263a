// RATELINK_CLICK_IP_LIMIT: how many clicks one IP may write per minute. Over the limit the
// visitor is still redirected, but nothing is written, so a flood can not fill the ledger.
// One instance counts in its own memory: it protects its own disk, and losing the count on a
// restart only lets one extra minute of clicks through. Several instances write one shared
// ledger (PostgreSQL), so with Redis they count together (createSharedIpClickLimit): per
// process, N instances behind a balancer would let a flood write N times the limit.
//
// IPv6 counts by /64 (one subscriber's prefix: rotating addresses inside it does not help),
// and the minute slides: the previous clock minute's count weighs in by the part of it that
// is still within the last 60 s, so a burst across a minute boundary can not take twice the limit.
import { normalizeIP } from '@fastify/rate-limit';
import type { AttemptCounter } from '../limits/attempt-counter.js';

export interface IpClickLimit {
  /** Counts a click of `ip`; false when it is over the limit for the last minute. */
  take(ip: string): boolean | Promise<boolean>;
  /** True when `ip` has used up its allowance for the last minute; counts nothing. */
  isOver(ip: string): boolean;
}

const MINUTE = 60_000;

/** The key an IP counts under: IPv4 as is, IPv6 by its /64. */
function ipKey(ip: string): string {
  return ip.includes(':') ? normalizeIP(ip, 64) : ip;
}

export function createIpClickLimit(perMinute: number, now: () => number = Date.now): IpClickLimit & { take(ip: string): boolean } {
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
    const key = ipKey(ip);
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

/**
 * The limit counted in the instances' shared attempt counters (Redis). A refused click is not
 * counted, as above: its increment is taken back. While Redis fails, this process
 * counts alone (`local`): a visitor is never refused because Redis is away, and a flood is
 * still held to the limit per instance.
 */
export function createSharedIpClickLimit(perMinute: number, attempts: AttemptCounter, local = createIpClickLimit(perMinute)): IpClickLimit {
  return {
    async take(ip) {
      if (perMinute === 0) return true;
      const key = `click-ip:${ipKey(ip)}`;
      try {
        // Counted first, then checked: clicks at once cannot all read a count none of them is in yet.
        if (await attempts.hit(key, 60) < perMinute + 1) return true;
        await attempts.release(key, 60).catch(() => undefined);
        return false;
      } catch {
        return local.take(ip);
      }
    },
    isOver: (ip) => local.isOver(ip),
  };
}
