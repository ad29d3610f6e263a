// GET /api/reports/{clicks,exchanges}/?group_by=link|direction|sub1: one row per link code, per
// direction, per sub1 tag, equal to a recount of the rows loaded (bulk loader: link_id and the
// sub-ids of both tables), counted clicks only, another partner's rows never in them; CSV too.
import t from 'tap';
import { build } from '../../helpers/build.js';
import { signedIn } from '../../helpers/rest-api.js';
import type { SeedClick, SeedExchange } from '../../../src/db/repos.js';

const T0 = Date.UTC(2026, 0, 10) / 1000;
const PAIRS = [['BTC', 'PMUSD'], ['QWRUB', 'USDTTRC20'], [null, null]] as const;
const SUBS = ['fb', 'tg', 'yt-01', null] as const;

function prng(seed: number) {
  return (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
  };
}

interface Tally { clicks: number; exchanges: number; successful: number; earned: bigint }
const tallyOf = (map: Map<string | null, Tally>, key: string | null) => {
  let row = map.get(key);
  if (!row) map.set(key, row = { clicks: 0, exchanges: 0, successful: 0, earned: 0n });
  return row;
};

t.test('group_by=link|direction|sub1 › rows equal a recount of the loaded rows, totals their sum, CSV the same rows', async (t) => {
  const app = await build(t);
  const me = await signedIn(app);
  const other = await signedIn(app);
  const codes = ['alpha', 'beta', 'gamma'];
  const links = await Promise.all(codes.map(async (code) => (await app.repos.links.insert({ code, partnerId: me.partner.id, name: `Link ${code}` }))!));
  const theirs = (await app.repos.links.insert({ code: 'theirs', partnerId: other.partner.id }))!;
  const rand = prng(42);
  const clicks: SeedClick[] = [];
  const exchanges: SeedExchange[] = [];
  const expected = { link: new Map<string | null, Tally>(), direction: new Map<string | null, Tally>(), sub1: new Map<string | null, Tally>() };
  for (let i = 0; i < 400; i++) {
    const mine = rand(5) > 0;
    const link = mine ? links[rand(3)]! : theirs;
    const [from, to] = PAIRS[rand(3)]!;
    const sub1 = SUBS[rand(4)]!;
    const time = T0 + rand(5 * 86_400);
    const isBot = rand(8) === 0;
    const isRepeat = !isBot && rand(6) === 0;
    clicks.push({ partnerId: link.partnerId, linkId: link.id, userHash: `v${i}`, time, curFrom: from, curTo: to, sub1, sub2: 'x', isBot, isRepeat });
    const keys = { link: link.code, direction: from ? `${from}>${to}` : null, sub1 };
    if (mine && !isBot && !isRepeat) for (const by of ['link', 'direction', 'sub1'] as const) tallyOf(expected[by], keys[by]).clicks++;
    if (rand(4) !== 0) continue;
    const status = (['success', 'pending', 'refunded'] as const)[rand(3)]!;
    const reward = status === 'pending' ? 0 : 1 + rand(50_000_000);
    const [give, get] = from ? [from, to!] : ['ETH', 'CARDUAH'];
    exchanges.push({
      externalId: `x${i}`, partnerId: link.partnerId, linkId: link.id, sub1, time: time + 60, curGive: give, curGet: get,
      amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1', status, reward,
    });
    if (!mine) continue;
    for (const [by, key] of [['link', link.code], ['direction', `${give}>${get}`], ['sub1', sub1]] as const) {
      const row = tallyOf(expected[by], key);
      row.exchanges++;
      if (status === 'success') { row.successful++; row.earned += BigInt(reward); }
    }
  }
  await app.repos.partnerReports.bulkInsert({ clicks, exchanges });
  const period = `from=${T0}&to=${T0 + 6 * 86_400}`;
  const get = (url: string, headers = {}) => app.inject({ url, headers: { ...me.headers, ...headers } });
  /** A decimal string in ledger units (8 decimals). */
  const units = (earned: string) => { const [whole, fraction = ''] = earned.split('.'); return BigInt(whole! + fraction.padEnd(8, '0')); };

  for (const by of ['link', 'direction', 'sub1'] as const) {
    for (const report of ['clicks', 'exchanges']) {
      const res = await get(`/api/reports/${report}/?group_by=${by}&${period}`);
      t.equal(res.statusCode, 200, `${report} by ${by}`);
      const { data, totals } = res.json();
      const got = new Map<string | null, Tally>(data.map((r: Record<string, unknown> & { earned: string }) =>
        [r[by], { clicks: r.clicks, exchanges: r.exchanges, successful: r.successful, earned: units(r.earned) }]));
      t.same(got, expected[by], `${report} by ${by}: a row per key, equal to the recount`);
      t.equal(data.at(-1)[by] === null, expected[by].has(null), 'rows without a key last');
      const sum = [...expected[by].values()].reduce((a, r) => ({ clicks: a.clicks + r.clicks, exchanges: a.exchanges + r.exchanges, successful: a.successful + r.successful, earned: a.earned + r.earned }));
      t.match(totals, { clicks: sum.clicks, exchanges: sum.exchanges, successful: sum.successful, groups: expected[by].size });
      t.equal(units(totals.earned), sum.earned, `${report} by ${by}: earned to the last unit`);
    }
  }
  const links0 = (await get(`/api/reports/clicks/?group_by=link&${period}`)).json().data;
  t.same(links0.map((r: { link: string; name: string }) => [r.link, r.name]), [['alpha', 'Link alpha'], ['beta', 'Link beta'], ['gamma', 'Link gamma']]);
  t.notOk(JSON.stringify(links0).includes('theirs'), 'another partner\'s link never appears');
  const direction = (await get(`/api/reports/exchanges/?group_by=direction&${period}`)).json().data[0];
  t.match(direction, { direction: 'BTC>PMUSD', cur_from: 'BTC', cur_to: 'PMUSD' });

  const csv = await get(`/api/reports/clicks/?group_by=sub1&${period}`, { accept: 'text/csv' });
  const lines = csv.body.split('\r\n');
  t.equal(lines[0], 'sub1,clicks,exchanges,successful,earned,conversion');
  t.equal(lines.length, expected.sub1.size + 2, 'a header, a line per tag, the final CRLF');
  t.equal((await get(`/api/reports/exchanges/?group_by=link&${period}&format=csv`)).body.split('\r\n')[0], 'link,name,clicks,exchanges,successful,earned,conversion');
  const paged = (await get(`/api/reports/clicks/?group_by=link&${period}&limit=1&offset=1`)).json();
  t.same([paged.data.map((r: { link: string }) => r.link), paged.totals.groups], [['beta'], 3], 'a page of the groups; totals of all');
});
