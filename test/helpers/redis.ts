// Redis for tests: RATELINK_TEST_REDIS_URL, else the local default (redis://127.0.0.1:6379).
// Every app or counter gets a key prefix of its own, and its keys are deleted after the test.
// Tests that need Redis skip, saying why, when none answers.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_TEST_URL = process.env.RATELINK_TEST_REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
/** Set only when the run asks for Redis everywhere: then every app build() makes uses it. */
export const REDIS_FOR_EVERY_APP = Boolean(process.env.RATELINK_TEST_REDIS_URL?.trim());

let reachable: Promise<boolean> | null = null;

/** False when no Redis answers PING at REDIS_TEST_URL within half a second. */
export function redisReachable(): Promise<boolean> {
  return (reachable ??= (async () => {
    const client = new Redis(REDIS_TEST_URL, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  })());
}

/** For t.test(name, { skip: await noRedis() }, …). */
export async function noRedis(): Promise<string | false> {
  return (await redisReachable()) ? false : `no Redis answers at ${REDIS_TEST_URL} (start redis-server, or set RATELINK_TEST_REDIS_URL)`;
}

export interface TestRedisPrefix {
  prefix: string;
  /** Deletes every key under the prefix. */
  clean(): Promise<void>;
}

export function createTestPrefix(): TestRedisPrefix {
  const prefix = `ratelink-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  return {
    prefix,
    async clean() {
      const client = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          if (keys.length > 0) await client.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        client.disconnect();
      }
    },
  };
}
