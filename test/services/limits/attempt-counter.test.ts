import t from 'tap';
import { createMemoryAttemptCounter } from '../../../src/services/limits/attempt-counter.js';
import { releasesAndResets } from '../../helpers/attempt-counter.js';

t.test('counts attempts per key within the window and slides', async (t) => {
  let time = 960_000_000_000; // a boundary of 60 s windows
  const counter = createMemoryAttemptCounter(() => time);
  t.equal(await counter.hit('ip:1', 60), 1);
  t.equal(await counter.hit('ip:1', 60), 2);
  t.equal(await counter.hit('ip:2', 60), 1, 'keys are separate');
  t.equal(await counter.count('ip:1', 60), 2, 'count counts nothing');
  time += 90_000; // half way into the next window: the previous one weighs one half
  t.equal(await counter.count('ip:1', 60), 1);
  time += 60_000; // two windows on: nothing is left
  t.equal(await counter.count('ip:1', 60), 0);
  await counter.hit('ip:1', 60);
  await counter.hit('ip:1', 60);
  await releasesAndResets(t, counter, 'ip:1');
});
