import t from 'tap';
import { throttledLog } from '../src/log-throttle.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('throttledLog › the first call at once, the rest of the interval in one line with their weights summed', async (t) => {
  const lines: Array<[string, number]> = [];
  const log = throttledLog<string>(50, (args, count) => lines.push([args, count]));
  log.call('a', 3);
  log.call('b', 2);
  log.call('c', 4);
  t.same(lines, [['a', 3]], 'one line at once');
  await sleep(80);
  t.same(lines, [['a', 3], ['c', 6]], 'the folded calls at the end of the interval: the latest, their weights summed');
  await sleep(80);
  t.equal(lines.length, 2, 'a quiet interval writes nothing');
  log.call('d');
  t.same(lines.at(-1), ['d', 1], 'after a quiet interval, at once again');
  log.call('e');
  log.flush();
  t.same(lines.at(-1), ['e', 1], 'flush writes what is folded');
  log.flush();
  t.equal(lines.length, 4, 'and nothing twice');
});
