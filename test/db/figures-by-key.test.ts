// partnerFigures.byKey (the REST API's group_by=link|direction|sub1) against a recount of the
// rows loaded, over many random periods: group_by=link counts each link's range of an index
// rather than grouping the rows, so its corner cases are tried here: clicks without a link, a
// link of another partner among the partner's clicks, links with clicks only outside the
// period (no row), ids past 9 (text order), bots and repeats, periods cut inside an hour.
import t from 'tap';
import type { KeyFigures, SeedClick, SeedExchange } from '../../src/db/repos.js';
import { build } from '../helpers/build.js';
import { makePartner } from '../helpers/ledger-factory.js';

const T0 = Date.UTC(2026, 0, 10) / 1000;
const SPAN = 20 * 86_400;

function prng(seed: number) {
  return (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const keyOf = { link: (r: { linkId?: number | null }) => (r.linkId == null ? null : String(r.linkId)) };

/** The figures per link of `partnerId` in [from, to], counted here from the rows as loaded. */
function recount(partnerId: number, clicks: SeedClick[], exchanges: SeedExchange[], from: number, to: number): KeyFigures[] {
  const rows = new Map<string | null, KeyFigures>();
  const at = (key: string | null) => {
    let row = rows.get(key);
    if (!row) rows.set(key, row = { key, clicks: 0, exchanges: 0, successful: 0, earned: 0n });
    return row;
  };
  for (const c of clicks) {
    if (c.partnerId === partnerId && !c.isBot && !c.isRepeat && c.time >= from && c.time <= to) at(keyOf.link(c)).clicks++;
  }
  for (const e of exchanges) {
    if (e.partnerId !== partnerId || e.time < from || e.time > to) continue;
    const row = at(keyOf.link(e));
    row.exchanges++;
    if (e.status === 'success') { row.successful++; row.earned += BigInt(e.reward ?? 0); }
  }
  return sorted([...rows.values()]);
}

const sorted = (rows: KeyFigures[]) => [...rows].sort((a, b) => String(a.key).localeCompare(String(b.key)));

t.test('group_by=link: the figures per link equal a recount of the rows, over random periods', async (t) => {
  const app = await build(t);
  const me = await makePartner(app.repos);
  const other = await makePartner(app.repos);
  const mine = [];
  for (let i = 0; i < 12; i++) mine.push((await app.repos.links.insert({ code: `mine${i}`, partnerId: me.id }))!);
  const theirs = (await app.repos.links.insert({ code: 'theirs', partnerId: other.id }))!;
  const rand = prng(7);
  const clicks: SeedClick[] = [];
  const exchanges: SeedExchange[] = [];
  for (let i = 0; i < 1500; i++) {
    const pick = rand(20);
    // Mostly my links; some clicks of mine without a link, or on a link that is not mine
    // (moved to another partner), and the other partner's own clicks.
    const [partnerId, linkId] = pick === 0 ? [me.id, null] : pick === 1 ? [me.id, theirs.id] : pick === 2 ? [other.id, theirs.id]
      // Link 11 only in the first days: later periods have no row for it.
      : [me.id, mine[rand(3) === 0 ? 11 : rand(11)]!.id];
    const time = T0 + (linkId === mine[11]!.id ? rand(2 * 86_400) : rand(SPAN));
    const isBot = rand(9) === 0;
    const isRepeat = !isBot && rand(7) === 0;
    clicks.push({ partnerId, linkId, userHash: `v${i}`, time, isBot, isRepeat });
    if (rand(5) !== 0) continue;
    const status = (['success', 'pending', 'refunded'] as const)[rand(3)]!;
    exchanges.push({
      externalId: `x${i}`, partnerId, linkId, time: time + rand(3600), curGive: 'BTC', curGet: 'PMUSD',
      amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1', status, reward: status === 'pending' ? 0 : 1 + rand(50_000_000),
    });
  }
  await app.repos.partnerReports.bulkInsert({ clicks, exchanges });

  const periods: Array<[number, number]> = [[T0 - 86_400, T0 + SPAN + 86_400], [T0 + 3 * 86_400, T0 + SPAN], [T0 + SPAN + 1, T0 + SPAN + 86_400]];
  for (let i = 0; i < 40; i++) {
    const from = T0 - 3600 + rand(SPAN);
    periods.push([from, from + rand(SPAN / 2)]);
  }
  for (const [from, to] of periods) {
    const got = await app.repos.partnerFigures.byKey(me.id, 'link', from, to);
    t.same(sorted(got), recount(me.id, clicks, exchanges, from, to), `[${from - T0}, ${to - T0}]`);
  }
  // The other partner sees only its own rows, its clicks on its link counted.
  t.same(sorted(await app.repos.partnerFigures.byKey(other.id, 'link', T0, T0 + SPAN)), recount(other.id, clicks, exchanges, T0, T0 + SPAN));
});
