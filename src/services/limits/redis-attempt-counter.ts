// The attempt counter of several instances: the same sliding window as the in-memory one
// (attempt-counter.ts), kept in Redis so that every instance adds to one count. Each key is a
// hash `<prefix>attempts:<key>` holding, per window length, the window's index, its count and
// the previous window's count; one Lua script reads, rolls and increments it atomically, on
// Redis's clock (instances' clocks may differ), and keeps it alive for two windows.
// A Redis failure rejects with RL_LIMIT_STORE_UNAVAILABLE (503): a throttle that cannot count
// refuses rather than waves everyone through.
import { LimitStoreUnavailableError } from '../../errors.js';
import type { AttemptCounter } from './attempt-counter.js';
import type { Redis } from './redis-client.js';

const SLIDE = `
local span = tonumber(ARGV[1])
local add = tonumber(ARGV[2])
local w = ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local index = math.floor(now / span)
local stored = redis.call('HMGET', KEYS[1], w .. ':i', w .. ':c', w .. ':p')
local i = tonumber(stored[1])
local c = tonumber(stored[2]) or 0
local p = tonumber(stored[3]) or 0
if i ~= index then
  if i == index - 1 then p = c else p = 0 end
  c = 0
end
if add ~= 0 then
  c = math.max(0, c + add)
  redis.call('HSET', KEYS[1], w .. ':i', index, w .. ':c', c, w .. ':p', p)
  if redis.call('PTTL', KEYS[1]) < span * 2 then redis.call('PEXPIRE', KEYS[1], span * 2) end
end
return {c, p, now % span}
`;

type Slide = (key: string, spanMs: number, add: number, window: string) => Promise<[number, number, number]>;

export function createRedisAttemptCounter(client: Redis, prefix: string): AttemptCounter {
  if (!('ratelinkAttemptSlide' in client)) client.defineCommand('ratelinkAttemptSlide', { numberOfKeys: 1, lua: SLIDE });
  const slide = (client as unknown as { ratelinkAttemptSlide: Slide }).ratelinkAttemptSlide.bind(client);
  const keyOf = (key: string) => `${prefix}attempts:${key}`;

  async function weighted(key: string, windowSeconds: number, add: number): Promise<number> {
    const span = windowSeconds * 1000;
    let current: number, previous: number, position: number;
    try {
      [current, previous, position] = await slide(keyOf(key), span, add, String(windowSeconds));
    } catch {
      throw new LimitStoreUnavailableError();
    }
    return previous * (1 - position / span) + current;
  }

  return {
    hit: (key, windowSeconds) => weighted(key, windowSeconds, 1),
    count: (key, windowSeconds) => weighted(key, windowSeconds, 0),
    release: async (key, windowSeconds) => { await weighted(key, windowSeconds, -1); },
    async reset(key) {
      try {
        await client.del(keyOf(key));
      } catch {
        throw new LimitStoreUnavailableError();
      }
    },
    // The connection is the app's (plugins/redis.ts), closed after every user of it.
    async close() {},
  };
}
