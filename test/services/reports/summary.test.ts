// The partner summary and its figures per local day, on whichever engine the run uses: a
// scenario with known numbers, then random writes whose figures must equal a recount.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { dailyFigures, partnerSummary } from '../../../src/services/reports/summary.js';
import { build } from '../../helpers/build.js';
import { formatUnits } from '../../../src/money/decimal.js';
import { addClick, makeLink, makeMethod, makePartner } from '../../helpers/ledger-factory.js';

const DAY = 86_400;
const T0 = Date.UTC(2026, 0, 10) / 1000; // 2026-01-10T00:00:00Z

async function exchange(app: FastifyInstance, partnerId: number, id: string, time: number, status: 'pending' | 'success', reward = 0) {
  return app.repos.exchanges.insert({
    externalId: id, partnerId, time, curGive: 'PMUSD', curGet: 'BTC', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1',
    status, reward, rewardBase: reward * 10, updatedAt: time,
  }, reward ? { partnerId, kind: 'reward', amount: reward } : null);
}

t.test('partnerSummary › balance, paid, pending, percent, all time and the period', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '12.5' });
  const other = await makePartner(app.repos);
  const link = await makeLink(app.repos, partner.id);
  const theirs = await makeLink(app.repos, other.id);
  for (const [i, time] of [T0 + 10, T0 + 20, T0 + DAY + 5, T0 + 3 * DAY].entries()) {
    await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: `v${i}`, time });
  }
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'bot', time: T0 + 30, isBot: true });
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'rep', time: T0 + 40, isRepeat: true });
  await addClick(app, { partnerId: other.id, linkId: theirs.id, userHash: 'o', time: T0 + 50 });
  await exchange(app, partner.id, 'e1', T0 + 100, 'success', 150_000_000); // 1.5
  await exchange(app, partner.id, 'e2', T0 + DAY + 100, 'pending');
  await exchange(app, partner.id, 'e3', T0 + 3 * DAY + 100, 'success', 25_000_000); // 0.25
  await app.repos.ledger.adjust({ partnerId: partner.id, amount: -5_000_000, reason: 'fix', at: T0 + 200 });
  const method = await makeMethod(app.repos);
  await app.repos.payouts.reserve({ partnerId: partner.id, methodId: method.id, account: 'U1', amount: 50_000_000, at: T0 + 300 });
  const paid = await app.repos.payouts.reserve({ partnerId: partner.id, methodId: method.id, account: 'U1', amount: 20_000_000, at: T0 + 301 });
  await app.repos.payouts.markPaid(paid!.id, T0 + 400, null);

  const s = await partnerSummary(app.repos, partner.id, { from: T0, to: T0 + 2 * DAY - 1 }, T0 + 10 * DAY);
  t.same(s, {
    balance: '1', earned: '1.7', paid: '0.2', pending_payouts: '0.5', reward_percent: '12.5',
    all_time: { clicks: 4, exchanges: 3, successful: 2, earned: '1.7', conversion: '50.00' },
    period: { clicks: 3, exchanges: 2, successful: 1, earned: '1.45', conversion: '33.33', from: T0, to: T0 + 2 * DAY - 1 },
  });
  const empty = await partnerSummary(app.repos, other.id, { from: T0 + DAY, to: T0 + 2 * DAY }, T0 + 10 * DAY);
  t.same(empty.period, { clicks: 0, exchanges: 0, successful: 0, earned: '0', conversion: '0.00', from: T0 + DAY, to: T0 + 2 * DAY });
  await t.rejects(partnerSummary(app.repos, 999_999, { from: 0, to: 1 }, 2), { name: 'FastifyError', code: 'RL_NOT_FOUND' } as never);

  const days = await dailyFigures(app.repos, partner.id, { from: T0, to: T0 + 4 * DAY - 1 }, 'UTC');
  t.same(days.map((d) => [d.day, d.clicks, d.exchanges, d.successful, d.earned, d.conversion]), [
    ['2026-01-10', 2, 1, 1, '1.45', '50.00'],
    ['2026-01-11', 1, 1, 0, '0', '0.00'],
    ['2026-01-12', 0, 0, 0, '0', '0.00'],
    ['2026-01-13', 1, 1, 1, '0.25', '100.00'],
  ]);
  // 2026-01-10T00:00:10Z is still the 9th in New York (UTC−5).
  const ny = await dailyFigures(app.repos, partner.id, { from: T0, to: T0 + DAY - 1 }, 'America/New_York');
  t.same(ny.map((d) => [d.day, d.clicks, d.exchanges]), [['2026-01-09', 2, 1], ['2026-01-10', 0, 0]]);
});

t.test('dailyFigures › days of a DST change are 23 and 25 hours long', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos);
  const link = await makeLink(app.repos, partner.id);
  // Europe/Berlin springs forward on 2026-03-29: 23:30 local that day is 21:30Z.
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'a', time: Date.UTC(2026, 2, 29, 21, 30) / 1000 });
  await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: 'b', time: Date.UTC(2026, 2, 29, 22, 30) / 1000 });
  const days = await dailyFigures(app.repos, partner.id, { from: Date.UTC(2026, 2, 27, 23) / 1000, to: Date.UTC(2026, 2, 30, 22) / 1000 - 1 }, 'Europe/Berlin');
  t.same(days.map((d) => [d.day, d.clicks]), [['2026-03-28', 0], ['2026-03-29', 1], ['2026-03-30', 1]]);
});

t.test('figures › after random writes, every period and day equals a recount from the rows', async (t) => {
  const app = await build(t);
  const partners = [await makePartner(app.repos), await makePartner(app.repos)];
  const links = [await makeLink(app.repos, partners[0]!.id), await makeLink(app.repos, partners[1]!.id)];
  let seed = 42;
  const rand = (n: number) => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed % n; };
  const expected = { clicks: [] as number[], exchanges: [] as number[], ledger: [] as { time: number; amount: number }[] };
  const p = 0;
  for (let i = 0; i < 300; i++) {
    const who = rand(2);
    const time = T0 + rand(5 * DAY);
    const what = rand(4);
    if (what === 0) {
      const isBot = rand(5) === 0;
      await addClick(app, { partnerId: partners[who]!.id, linkId: links[who]!.id, userHash: `u${i}`, time, isBot });
      if (who === p && !isBot) expected.clicks.push(time);
    } else if (what === 1) {
      const reward = rand(3) * 1_000_000;
      const row = await exchange(app, partners[who]!.id, `x${i}`, time, rand(2) ? 'success' : 'pending', reward);
      if (who === p) { expected.exchanges.push(time); if (reward) expected.ledger.push({ time, amount: reward }); }
      if (row && row.status === 'pending' && rand(2)) {
        await app.repos.exchanges.transition(row.id, row, { status: 'success', updatedAt: time + 10 }, null);
      }
    } else {
      const amount = rand(2_000_000) - 1_000_000;
      await app.repos.ledger.adjust({ partnerId: partners[who]!.id, amount, reason: 'r', at: time });
      if (who === p) expected.ledger.push({ time, amount });
    }
  }
  const id = partners[p]!.id;
  for (let k = 0; k < 20; k++) {
    const from = T0 - DAY + rand(7 * DAY);
    const to = from + rand(3 * DAY);
    const totals = await app.repos.partnerFigures.totals(id, from, to);
    const within = (time: number) => time >= from && time <= to;
    t.equal(totals.clicks, expected.clicks.filter(within).length, `clicks ${from}..${to}`);
    t.equal(totals.exchanges, expected.exchanges.filter(within).length, `exchanges ${from}..${to}`);
    t.equal(totals.earned, BigInt(expected.ledger.filter((e) => within(e.time)).reduce((s, e) => s + e.amount, 0)), `earned ${from}..${to}`);
    const days = await dailyFigures(app.repos, id, { from, to }, 'Asia/Tokyo');
    const summary = await partnerSummary(app.repos, id, { from, to }, T0 + 100 * DAY);
    t.equal(days.reduce((s, d) => s + d.clicks, 0), summary.period.clicks, 'days add up to the period');
    t.equal(days.reduce((s, d) => s + d.successful, 0), summary.period.successful);
    // "Now" inside the written rows: all time is the running totals less whatever is dated after now.
    const now = T0 + rand(5 * DAY);
    const upTo = (time: number) => time <= now;
    const s = await partnerSummary(app.repos, id, { from, to }, now);
    const earnedWhere = (keep: (time: number) => boolean) => formatUnits(BigInt(expected.ledger.filter((e) => keep(e.time)).reduce((sum, e) => sum + e.amount, 0)));
    t.same([s.all_time.clicks, s.all_time.exchanges, s.all_time.earned, s.period.clicks, s.period.exchanges, s.period.earned], [
      expected.clicks.filter(upTo).length, expected.exchanges.filter(upTo).length, earnedWhere(upTo),
      expected.clicks.filter(within).length, expected.exchanges.filter(within).length, earnedWhere(within),
    ], `summary at ${now}, period ${from}..${to}`);
  }
  const all = await app.repos.partnerFigures.totals(id, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  t.equal(all.successful, (await app.repos.exchanges.partnerActivity(id)).successful, 'successful equals a recount');
  t.equal(all.earned, BigInt(expected.ledger.reduce((s, e) => s + e.amount, 0)));
});

t.test('dailyFigures › across DST changes, every local day equals a recount from the rows', async (t) => {
  // The database groups hours into days per span of one UTC offset (local-days.ts offsetSpans):
  // recounted here from the written rows with Intl, an hour belonging to the local day its
  // start (or the period's start, if later) falls in.
  const app = await build(t);
  const partner = await makePartner(app.repos);
  const link = await makeLink(app.repos, partner.id);
  const windows = [Date.UTC(2026, 2, 5) / 1000, Date.UTC(2026, 9, 22) / 1000]; // New York and Berlin spring forward, then fall back
  let seed = 7;
  const rand = (n: number) => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed % n; };
  const written: { time: number; clicks: number; exchanges: number; earned: bigint }[] = [];
  for (let i = 0; i < 240; i++) {
    const time = windows[i % 2]! + rand(28 * DAY);
    if (rand(2)) {
      await addClick(app, { partnerId: partner.id, linkId: link.id, userHash: `u${i}`, time });
      written.push({ time, clicks: 1, exchanges: 0, earned: 0n });
    } else {
      const reward = (1 + rand(3)) * 1_000_001;
      await exchange(app, partner.id, `x${i}`, time, 'success', reward);
      written.push({ time, clicks: 0, exchanges: 1, earned: BigInt(reward) });
    }
  }
  for (const timeZone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
    const dateOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let k = 0; k < 6; k++) {
      const from = windows[k % 2]! - DAY + rand(10 * DAY);
      const to = from + 5 * DAY + rand(20 * DAY);
      const days = await dailyFigures(app.repos, partner.id, { from, to }, timeZone);
      const recount = new Map<string, { clicks: number; exchanges: number; earned: bigint }>();
      for (const row of written.filter((w) => w.time >= from && w.time <= to)) {
        const day = dateOf.format(new Date(Math.max(Math.floor(row.time / 3600) * 3600, from) * 1000));
        const sum = recount.get(day) ?? { clicks: 0, exchanges: 0, earned: 0n };
        recount.set(day, { clicks: sum.clicks + row.clicks, exchanges: sum.exchanges + row.exchanges, earned: sum.earned + row.earned });
      }
      t.same(days.filter((d) => d.clicks || d.exchanges).map((d) => [d.day, d.clicks, d.exchanges, d.earned]),
        [...recount].sort(([a], [b]) => a.localeCompare(b)).map(([day, s]) => [day, s.clicks, s.exchanges, formatUnits(s.earned)]),
        `${timeZone} ${from}..${to}`);
      t.equal(new Set(days.map((d) => d.day)).size, days.length, 'each day once, the day cut by a change of offset too');
    }
  }
});
