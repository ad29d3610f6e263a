import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { NewClick } from '../../../src/db/repos.js';
import { createClickWriter } from '../../../src/db/sqlite/click-writer.js';
import { CLICK_WINDOW_SECONDS } from '../../../src/services/referral/follow.js';
import { addPartnerWithLink, openTestRepos } from '../../helpers/referral.js';
import { sqliteOnly } from '../../helpers/pg.js';

const SQLITE_ONLY = sqliteOnly('the click writer thread of a SQLite file');

function tempDb(t: Test) {
  const dir = t.testdir();
  return join(dir, 'ledger.db');
}

t.test('file database: batches are committed by the writer thread, visible to the main connection', { skip: SQLITE_ONLY }, async (t) => {
  const dbPath = tempDb(t);
  const { repos, sqlite } = openTestRepos(t, dbPath);
  const link = await addPartnerWithLink(repos, 'alpha');
  const writer = createClickWriter({ dbPath, repos, windowSeconds: CLICK_WINDOW_SECONDS, onThreadError: (e) => t.fail(String(e)) });
  const click = (userHash: string): NewClick => ({ time: 1_700_000_000, userHash, linkId: link.linkId, partnerId: link.partnerId, browser: 'Chrome' });
  const results = await writer.write([click('visitor-0001'), click('visitor-0001'), click('visitor-0002')]);
  t.same(results.map((r) => r.isRepeat), [false, true, false], 'the dedupe window is decided by the database in the thread too');
  t.same(sqlite.prepare('select user_hash, browser from clicks order by id').all(), [
    { user_hash: 'visitor-0001', browser: 'Chrome' }, { user_hash: 'visitor-0001', browser: 'Chrome' }, { user_hash: 'visitor-0002', browser: 'Chrome' },
  ]);
  await writer.close();
});

t.test('batches waiting for the thread are committed in order, each answered with its own results; a bad one fails alone', { skip: SQLITE_ONLY }, async (t) => {
  const dbPath = tempDb(t);
  const { repos, sqlite } = openTestRepos(t, dbPath);
  const link = await addPartnerWithLink(repos, 'alpha');
  const writer = createClickWriter({ dbPath, repos, windowSeconds: CLICK_WINDOW_SECONDS, onThreadError: (e) => t.fail(String(e)) });
  const click = (userHash: string, linkId = link.linkId): NewClick => ({ time: 1_700_000_000, userHash, linkId, partnerId: link.partnerId });
  // Posted at once: the thread (started by the first) finds them all waiting.
  const [first, bad, third] = await Promise.allSettled([
    writer.write([click('visitor-0001'), click('visitor-0002')]),
    writer.write([click('visitor-0003', 9999)]),
    writer.write([click('visitor-0001')]),
  ]);
  t.same(first, { status: 'fulfilled', value: [{ id: 1, isRepeat: false }, { id: 2, isRepeat: false }] });
  t.match(bad, { status: 'rejected', reason: { message: /FOREIGN KEY/ } }, 'a link that does not exist violates the foreign key');
  t.same(third, { status: 'fulfilled', value: [{ id: 3, isRepeat: true }] }, 'written after the first: a repeat');
  t.same(sqlite.prepare('select user_hash from clicks order by id').pluck().all(), ['visitor-0001', 'visitor-0002', 'visitor-0001']);
  await writer.close();
});

t.test('a failed writer thread: its batch fails, later batches are written in-thread, the failure reported', { skip: SQLITE_ONLY }, async (t) => {
  const dbPath = tempDb(t);
  const { repos, sqlite } = openTestRepos(t, dbPath);
  const errors: unknown[] = [];
  // The thread can not open this path (a directory under /dev/null), the main connection is fine.
  const writer = createClickWriter({ dbPath: '/dev/null/ledger.db', repos, windowSeconds: CLICK_WINDOW_SECONDS, onThreadError: (e) => errors.push(e) });
  await t.rejects(writer.write([{ time: 1, userHash: 'visitor-0001', isBot: true }]));
  t.same(await writer.write([{ time: 2, userHash: 'visitor-0002', isBot: true }]), [{ id: 1, isRepeat: false }]);
  t.equal(sqlite.prepare('select user_hash from clicks').pluck().get(), 'visitor-0002');
  t.equal(errors.length, 1);
  await writer.close();
});

t.test('in-memory database: written in-thread', { skip: SQLITE_ONLY }, async (t) => {
  const { repos } = openTestRepos(t);
  const writer = createClickWriter({ dbPath: ':memory:', repos, windowSeconds: CLICK_WINDOW_SECONDS });
  t.same(await writer.write([{ time: 1, userHash: 'visitor-0001', isBot: true }]), [{ id: 1, isRepeat: false }]);
  await writer.close();
});
