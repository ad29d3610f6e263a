// The Redis attempt counter against a real Redis: one prefix per test, deleted after.
import t, { type Test } from 'tap';
import { Redis } from 'ioredis';
import { createRedisAttemptCounter } from '../../../src/services/limits/redis-attempt-counter.js';
import { createTestPrefix, noRedis, REDIS_TEST_URL } from '../../helpers/redis.js';
import { releasesAndResets } from '../../helpers/attempt-counter.js';

const skip = await noRedis();

async function client(t: Test): Promise<Redis> {
  const redis = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
  t.teardown(() => redis.disconnect());
  return redis;
}

function prefix(t: Test): string {
  const test = createTestPrefix();
  t.teardown(test.clean);
  return test.prefix;
}

t.test('counts attempts per key, counts nothing on count(), forgets on reset, keys expire', { skip }, async (t) => {
  const redis = await client(t);
  const keys = prefix(t);
  const counter = createRedisAttemptCounter(redis, keys);
  t.equal(await counter.hit('ip:1', 60), 1);
  t.equal(await counter.hit('ip:1', 60), 2);
  t.equal(await counter.hit('ip:2', 60), 1, 'keys are separate');
  t.equal(await counter.count('ip:1', 60), 2, 'count counts nothing');
  t.equal(await counter.count('ip:3', 60), 0, 'an unknown key counts 0 and is not created');
  t.same((await redis.keys(`${keys}*`)).sort(), [`${keys}attempts:ip:1`, `${keys}attempts:ip:2`], 'every key under the prefix');
  const ttl = await redis.pttl(`${keys}attempts:ip:1`);
  t.ok(ttl > 60_000 && ttl <= 120_000, `kept for two windows (${ttl} ms)`);
  await releasesAndResets(t, counter, 'ip:1');
});

t.test('the previous window weighs in by the part of it still inside the last window', { skip }, async (t) => {
  const redis = await client(t);
  const keys = prefix(t);
  const counter = createRedisAttemptCounter(redis, keys);
  const [seconds, micros] = await redis.time();
  const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  const index = Math.floor(now / 60_000);
  // 60 attempts in the previous minute, 5 in this one.
  await redis.hset(`${keys}attempts:ip:9`, '60:i', index, '60:c', 5, '60:p', 0);
  await redis.hset(`${keys}attempts:ip:8`, '60:i', index - 1, '60:c', 60, '60:p', 0);
  const weight = 1 - (now % 60_000) / 60_000;
  t.equal(await counter.count('ip:9', 60), 5);
  const rolled = await counter.hit('ip:8', 60);
  t.ok(Math.abs(rolled - (60 * weight + 1)) < 1.1, `60 × ${weight.toFixed(2)} + 1 ≈ ${rolled.toFixed(2)}`);
  await redis.hset(`${keys}attempts:ip:7`, '60:i', index - 2, '60:c', 60, '60:p', 0);
  t.equal(await counter.count('ip:7', 60), 0, 'two windows back: nothing is left');
});

t.test('two instances (two connections) add to one count; many at once are all counted', { skip }, async (t) => {
  const keys = prefix(t);
  const a = createRedisAttemptCounter(await client(t), keys);
  const b = createRedisAttemptCounter(await client(t), keys);
  await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).hit('login:alice', 300)));
  t.equal(await a.count('login:alice', 300), 100);
  t.equal(await b.count('login:alice', 300), 100);
});

t.test('Redis unreachable → RL_LIMIT_STORE_UNAVAILABLE (503) at once, never a hang', async (t) => {
  const redis = new Redis('redis://127.0.0.1:1', { connectTimeout: 200, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null, lazyConnect: true });
  redis.on('error', () => {});
  t.teardown(() => redis.disconnect());
  const counter = createRedisAttemptCounter(redis, 'ratelink-test:none:');
  const started = Date.now();
  await t.rejects(counter.hit('ip:1', 60), { code: 'RL_LIMIT_STORE_UNAVAILABLE', statusCode: 503 });
  await t.rejects(counter.reset('ip:1'), { code: 'RL_LIMIT_STORE_UNAVAILABLE' });
  t.ok(Date.now() - started < 1000, 'answered within a second');
});
