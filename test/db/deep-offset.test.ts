// api.php pages at a deep offset skip whole hours and days by their counts in partner_hours and
// partner_days (src/db/deep-offset.ts). Whatever the period, cursor, offset and limit, a page
// must hold exactly the rows that walking the index would give: the same rows as the first
// offset+limit rows read from offset 0 (which never skips), sliced. On both engines.
import t from 'tap';
import { build } from '../helpers/build.js';
import { makeLink, makePartner } from '../helpers/ledger-factory.js';
import { afterSkipping, DEEP_OFFSET } from '../../src/db/deep-offset.js';
import type { ReportQuery } from '../../src/db/repos.js';

const HOUR = 3600;
const DAY = 86_400;
const T0 = Date.UTC(2026, 2, 1) / 1000;

/** A deterministic generator: a failing case can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

t.test('deep offset › a page after skipping holds the rows the index walk gives, clicks and exchanges', async (t) => {
  const app = await build(t);
  const next = random(7);
  const [a, b] = [await makePartner(app.repos), await makePartner(app.repos)];
  const [linkA, linkB] = [await makeLink(app.repos, a.id), await makeLink(app.repos, b.id)];
  // Six days, busy and quiet hours, whole hours with no rows, bots and repeats (never listed),
  // many rows on one second (the id breaks the tie), and another partner's rows between.
  const times = Array.from({ length: 9000 }, () => T0 + Math.floor(next() ** 2 * 6 * DAY));
  times.push(...Array.from({ length: 40 }, () => T0 + 2 * DAY + 5));
  times.sort((x, y) => x - y);
  await app.repos.partnerReports.bulkInsert({
    clicks: times.map((time, i) => ({
      partnerId: i % 5 === 4 ? b.id : a.id, linkId: i % 5 === 4 ? linkB.id : linkA.id, time, userHash: `v${i}`,
      isBot: i % 11 === 0, isRepeat: i % 13 === 0,
    })),
    exchanges: times.filter((_, i) => i % 2 === 0).map((time, i) => ({
      externalId: `x${i}`, partnerId: i % 7 === 6 ? b.id : a.id, linkId: linkA.id, time, curGive: 'A', curGet: 'B',
      amountGive: '1', amountGet: '2', courseGive: '1', courseGet: '2', status: i % 3 ? 'success' : 'pending',
    })),
  });

  const queries: ReportQuery[] = [
    { limit: 10, offset: 5000 },
    { limit: 1, offset: DEEP_OFFSET },
    { limit: 100, offset: 4321, to: T0 + 5 * DAY + 1234 },
    { limit: 10, offset: 1500, from: T0 + DAY + 17, to: T0 + 4 * DAY - 1 },
    { limit: 10, offset: 2000, from: T0 + 2 * DAY, to: T0 + 2 * DAY + 5 * HOUR },
    { limit: 10, offset: 1000, before: { time: T0 + 2 * DAY + 5, id: 6000 } },
    { limit: 10, offset: 9000 }, // past the last row
  ];
  for (let i = 0; i < 40; i++) {
    const from = next() < 0.5 ? undefined : T0 + Math.floor(next() * 3 * DAY);
    const to = next() < 0.3 ? undefined : T0 + Math.floor((3 + next() * 4) * DAY);
    const before = next() < 0.3 ? { time: T0 + Math.floor((2 + next() * 4) * DAY), id: Math.floor(next() * 9000) } : undefined;
    queries.push({ limit: 1 + Math.floor(next() * 200), offset: DEEP_OFFSET + Math.floor(next() * 4000), from, to, before });
  }
  let nonEmpty = 0;
  for (const q of queries) {
    for (const [name, list] of [
      ['clicks', (q: ReportQuery) => app.repos.partnerReports.listClicks(a.id, q)],
      ['exchanges', (q: ReportQuery) => app.repos.partnerReports.listExchanges(a.id, q)],
    ] as const) {
      const got = (await list(q)).map((row) => row.id);
      const walked = (await list({ ...q, offset: 0, limit: q.offset + q.limit })).slice(q.offset).map((row) => row.id);
      if (got.length > 0) nonEmpty++;
      t.same(got, walked, `${name} ${JSON.stringify(q)}`);
    }
  }
  t.ok(nonEmpty > 40, `most pages hold rows (${nonEmpty})`);
});

t.test('deep offset › whole hours and days are skipped, never a part of one', async (t) => {
  const page = { partnerId: 1, from: 0, to: T0 + 3 * DAY + 2 * HOUR + 60, limit: 10, offset: 100, beforeTime: Number.MAX_SAFE_INTEGER, beforeId: Number.MAX_SAFE_INTEGER };
  const day = (n: number) => T0 + n * DAY;
  // Head hour 5 rows, the day's two whole hours 10 + 20, then days of 30 and 50 rows.
  const counts = { head: 5, hours: [{ start: day(3) + HOUR, rows: 20 }, { start: day(3), rows: 10 }], days: [{ start: day(1), rows: 50 }, { start: day(2), rows: 30 }] };
  t.match(afterSkipping(page, counts), { to: day(2) - 1, offset: 35, beforeTime: day(2) - 1 }, 'head, both hours, the newer day: 65 rows skipped');
  t.match(afterSkipping({ ...page, offset: 64 }, counts), { to: day(3) - 1, offset: 29 }, 'the day of 30 would overshoot: it is walked');
  const shallow = { ...page, offset: 4 };
  t.same(afterSkipping(shallow, counts), shallow, 'the head alone holds more rows than the offset: nothing skipped');
  t.match(afterSkipping({ ...page, offset: 5 }, { ...counts, hours: [] }), { to: day(3) + 2 * HOUR - 1, offset: 0 }, 'an hour with no row is skipped with the head');
});
