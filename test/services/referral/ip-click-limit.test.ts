import t from 'tap';
import { createIpClickLimit } from '../../../src/services/referral/ip-click-limit.js';

t.test('allows the limit per IP per minute, then refuses until the minute has slid by', async (t) => {
  let now = 60_000 * 1000;
  const limit = createIpClickLimit(3, () => now);
  t.same([1, 2, 3, 4].map(() => limit.take('10.0.0.1')), [true, true, true, false]);
  t.equal(limit.take('10.0.0.2'), true, 'other IPs have their own count');
  now += 120_000;
  t.equal(limit.take('10.0.0.1'), true, 'a minute later the count is free again');
});

t.test('0 turns the limit off', async (t) => {
  const limit = createIpClickLimit(0);
  t.ok(Array.from({ length: 1000 }, () => limit.take('10.0.0.1')).every(Boolean));
});
