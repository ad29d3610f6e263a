// What every attempt counter (memory, Redis) must do with release and reset, asserted once.
import type { Test } from 'tap';
import type { AttemptCounter } from '../../src/services/limits/attempt-counter.js';

/** `key` holds 2 attempts in the current window when called. */
export async function releasesAndResets(t: Test, counter: AttemptCounter, key: string) {
  await counter.release(key, 60);
  t.equal(await counter.count(key, 60), 1, 'release takes one back');
  await counter.release(key, 60);
  await counter.release(key, 60);
  t.equal(await counter.count(key, 60), 0, 'never below 0');
  await counter.hit(key, 60);
  await counter.reset(key);
  t.equal(await counter.count(key, 60), 0, 'reset forgets the key');
}
