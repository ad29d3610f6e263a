import t from 'tap';
import type { NewClick, RecordedClick } from '../../../src/db/repos.js';
import { createClickRecorder } from '../../../src/services/referral/click-recorder.js';
import { CLICK_WINDOW_SECONDS } from '../../../src/services/referral/follow.js';
import { addPartnerWithLink, openTestRepos } from '../../helpers/referral.js';

const click = (userHash: string, extra: Partial<NewClick> = {}): NewClick => ({ time: 1_700_000_000, userHash, linkId: 1, partnerId: 1, ...extra });

/** A fake writer that records batch sizes and answers when told to. */
function fakeWriter() {
  const batches: NewClick[][] = [];
  let nextId = 1;
  const write = async (batch: NewClick[]): Promise<RecordedClick[]> => {
    batches.push(batch);
    if (batch.some((c) => c.userHash === 'poison')) throw new Error('constraint failed');
    return batch.map(() => ({ id: nextId++, isRepeat: false }));
  };
  return { batches, write };
}

t.test('clicks of the same turn of the event loop share one transaction', async (t) => {
  const { batches, write } = fakeWriter();
  const recorder = createClickRecorder(write);
  const results = await Promise.all(['a', 'b', 'c'].map((u) => recorder.record(click(u))));
  t.same(batches.map((b) => b.length), [3]);
  t.same(results.map((r) => r?.id), [1, 2, 3], 'each caller gets its own click');
});

t.test('a batch goes to the writer as soon as earlyBatch clicks wait, before the turn of the loop ends', async (t) => {
  const { batches, write } = fakeWriter();
  const recorder = createClickRecorder(write, { earlyBatch: 16 });
  const first = Array.from({ length: 15 }, (_, i) => recorder.record(click(`u${i}`)));
  t.same(batches, [], '15 clicks wait for the end of the turn');
  first.push(recorder.record(click('u15')));
  t.same(batches.map((b) => b.length), [16], 'the 16th hands the batch over at once');
  await Promise.all(first);
});

t.test('what gathers while two batches are in flight goes in batches of at most maxBatch', async (t) => {
  const { batches, write } = fakeWriter();
  const recorder = createClickRecorder(write, { earlyBatch: 16, maxBatch: 100 });
  await Promise.all(Array.from({ length: 250 }, (_, i) => recorder.record(click(`u${i}`))));
  t.same(batches.map((b) => b.length), [16, 16, 100, 100, 18]);
});

t.test('a caller is answered only after its batch was written', async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const recorder = createClickRecorder(async (batch) => { await gate; return batch.map((_, i) => ({ id: i + 1, isRepeat: false })); });
  let settled = false;
  const pending = recorder.record(click('a')).then((r) => { settled = true; return r; });
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(settled, false, 'still waiting for the commit');
  release();
  t.same(await pending, { id: 1, isRepeat: false });
});

t.test('two batches in flight: the next is handed over while one commits, later clicks wait and gather', async (t) => {
  const sizes: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const recorder = createClickRecorder(async (batch) => {
    sizes.push(batch.length);
    await gate;
    return batch.map((_, i) => ({ id: i + 1, isRepeat: false }));
  });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const first = recorder.record(click('a'));
  await turn();
  const second = ['b', 'c', 'd'].map((u) => recorder.record(click(u)));
  await turn();
  t.same(sizes, [1, 3], 'the second batch does not wait for the first commit');
  const later = ['e', 'f'].map((u) => recorder.record(click(u)));
  for (let i = 0; i < 3; i++) await turn();
  t.same(sizes, [1, 3], 'a third waits while two are in flight');
  release();
  t.same(await Promise.all([first, ...second, ...later]), [1, 1, 2, 3, 1, 2].map((id) => ({ id, isRepeat: false })));
  t.same(sizes, [1, 3, 2], 'the clicks that waited go together');
});

t.test('a failed batch loses only the bad click; the error is reported once', async (t) => {
  const { batches, write } = fakeWriter();
  const errors: Array<[unknown, number]> = [];
  const recorder = createClickRecorder(write, { onError: (error, lost) => errors.push([error, lost]) });
  const results = await Promise.all(['a', 'poison', 'c'].map((u) => recorder.record(click(u))));
  t.equal(results[1], null, 'the bad click resolves to null (its visitor is still redirected)');
  t.ok(results[0] && results[2], 'the others are stored');
  t.same(batches.map((b) => b.length), [3, 1, 1, 1], 'retried one by one');
  t.equal(errors.length, 1);
  t.equal(errors[0][1], 1);
});

t.test('close() writes what is queued, then refuses new clicks', async (t) => {
  const { batches, write } = fakeWriter();
  const recorder = createClickRecorder(write);
  const queued = recorder.record(click('a'));
  await recorder.close();
  t.ok(await queued, 'the queued click was written');
  t.equal(await recorder.record(click('b')), null);
  t.same(batches.map((b) => b.length), [1]);
});

t.test('with SQLite: the row is committed when record() resolves', async (t) => {
  const { repos, sqlite } = openTestRepos(t);
  const link = await addPartnerWithLink(repos, 'alpha');
  const recorder = createClickRecorder((batch) => repos.clicks.insertBatch(batch, CLICK_WINDOW_SECONDS));
  const stored = await recorder.record(click('visitor-0001', { linkId: link.linkId, partnerId: link.partnerId }));
  t.ok(stored);
  t.equal(sqlite.inTransaction, false);
  t.same(sqlite.prepare('select user_hash, is_repeat from clicks where id = ?').get(stored!.id), { user_hash: 'visitor-0001', is_repeat: 0 });
});

t.test('with SQLite: the database decides repeats within the 30-minute window', async (t) => {
  const { repos } = openTestRepos(t);
  const { linkId, partnerId } = await addPartnerWithLink(repos, 'alpha');
  const other = await addPartnerWithLink(repos, 'beta');
  const at = (time: number, userHash = 'visitor-0001', extra: Partial<NewClick> = {}) => ({ time, userHash, linkId, partnerId, ...extra });
  const t0 = 1_700_000_000;
  const first = await repos.clicks.insertBatch([at(t0), at(t0 + 10), at(t0 + 5, 'visitor-0002')], CLICK_WINDOW_SECONDS);
  t.same(first.map((r) => r.isRepeat), [false, true, false], 'same visitor and link in one batch: the second repeats');
  const later = await repos.clicks.insertBatch([
    at(t0 + 1799), at(t0 + 1800), at(t0 + 1801),
    at(t0 + 1801, 'visitor-0001', { linkId: other.linkId, partnerId: other.partnerId }),
  ], CLICK_WINDOW_SECONDS);
  t.same(later.map((r) => r.isRepeat), [true, false, true, false], 'a new window opens 1800 s after the last counted click; other links count apart');
  const bots = await repos.clicks.insertBatch([at(t0 + 9000, 'visitor-0003', { isBot: true }), at(t0 + 9001, 'visitor-0003')], CLICK_WINDOW_SECONDS);
  t.same(bots.map((r) => r.isRepeat), [false, false], 'a bot click never claims the window');
  t.equal(await repos.clicks.count(), 9, 'repeats and bots are stored too');
});
