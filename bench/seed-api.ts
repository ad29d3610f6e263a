// A ledger for the `api` benchmark: 1,000,000 clicks and 100,000 exchanges over 1,000
// partners and 90 days, in time order as production writes them, into a SQLite file in one transaction.
//   npx tsx bench/seed-api.ts [path] [clicks] [exchanges]   (default: a new file in the temp directory, 1,000,000 / 100,000)
// PostgreSQL has a SQL-side seeder of the same shape: bench/seed-api-pg.ts.
// Partner volumes follow a mild power law (weight 1/sqrt(rank)), so the median partner has
// ~740 clicks (~8 a day) and the busiest ~16,600 (~185 a day). Seeded PRNG: same data each run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/sqlite/open.js';
import { createRepos } from '../src/db/sqlite/repos/index.js';
import type { Repos, SeedClick, SeedExchange } from '../src/db/repos.js';
import { issueApiKey } from '../src/services/partners/api-keys.js';

export interface SeedOptions {
  partners: number;
  clicks: number;
  exchanges: number;
  days: number;
  /** Unix seconds of the newest row. */
  now: number;
}

export interface BenchPartner {
  id: number;
  apiKey: string;
  clicks: number;
  exchanges: number;
}

export interface SeededLedger {
  dbPath: string;
  now: number;
  median: BenchPartner;
  busiest: BenchPartner;
  seconds: number;
}

const DEFAULTS: SeedOptions = { partners: 1000, clicks: 1_000_000, exchanges: 100_000, days: 90, now: 1_767_225_600 };

const BROWSERS = ['Chrome', 'Firefox', 'Safari', 'Edge', 'Opera', 'Yandex Browser', 'Unknown'];
const REFERRERS = ['https://www.bestchange.ru/', 'https://exchangesumo.com/', 'https://kurs.expert/', ''];
const PAIRS = [['PMUSD', 'BTC'], ['QWRUB', 'USDTTRC20'], ['BTC', 'SBERRUB'], ['ETH', 'PMUSD'], ['USDTTRC20', 'CARDUAH']];

/** mulberry32: a tiny deterministic PRNG, enough for synthetic data. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a partner index (0 = busiest) with probability ∝ 1/sqrt(rank). */
function partnerPicker(count: number, random: () => number) {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= count; rank++) cumulative.push((total += 1 / Math.sqrt(rank)));
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < target) lo = mid + 1; else hi = mid;
    }
    return lo;
  };
}

export async function seedApiLedger(dbPath: string, options: Partial<SeedOptions> = {}): Promise<SeededLedger> {
  const started = Date.now();
  const database = openDatabase(dbPath);
  // A throwaway benchmark file: no need to wait for the disk on every partner insert.
  database.sqlite.pragma('synchronous = OFF');
  // Random index inserts over ~200 MB: keep the whole file in the page cache while loading.
  database.sqlite.pragma('cache_size = -400000');
  database.sqlite.pragma('foreign_keys = OFF'); // the generated rows only point at rows made above
  // The indexes of the two big tables are built once after loading (a sort each), not updated
  // row by row: at 10M clicks, random inserts into the user_hash index made loading crawl.
  const indexes = database.sqlite.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name in ('clicks', 'exchanges') and sql is not null")
    .all() as Array<{ name: string; sql: string }>;
  for (const { name } of indexes) database.sqlite.exec(`drop index "${name}"`);
  const seeded = await seedInto(createRepos(database.db), { ...DEFAULTS, ...options });
  for (const { sql } of indexes) database.sqlite.exec(sql);
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  database.close();
  return { dbPath, ...seeded, seconds: (Date.now() - started) / 1000 };
}

async function seedInto(repos: Repos, o: SeedOptions): Promise<Omit<SeededLedger, 'dbPath' | 'seconds'>> {
  const random = prng(20240501);
  const pick = partnerPicker(o.partners, random);
  const ids: number[] = [];
  const links: number[] = [];
  for (let i = 0; i < o.partners; i++) {
    const partner = await repos.partners.insert({ name: `Partner ${i + 1}`, email: `p${i + 1}@bench.test`, rewardPercent: '0.5' });
    ids.push(partner.id);
    links.push((await repos.links.insert({ code: `bench${i + 1}`, partnerId: partner.id }))!.id);
  }
  const clickCounts = new Array<number>(o.partners).fill(0);
  const exchangeCounts = new Array<number>(o.partners).fill(0);
  const span = o.days * 86_400;
  // Rows arrive in time order, as in production (ids grow with time), spread evenly over the span.
  const timeOf = (n: number, count: number) => o.now - span + Math.floor(((n + random()) * span) / count);
  const hash = () => Math.floor(random() * 2 ** 52).toString(36).padStart(11, '0');

  function* clicks(): Generator<SeedClick> {
    for (let n = 0; n < o.clicks; n++) {
      const p = pick();
      const r = random();
      const isBot = r < 0.08;
      const isRepeat = !isBot && r < 0.2;
      if (!isBot && !isRepeat) clickCounts[p]++;
      const [from, to] = PAIRS[n % PAIRS.length];
      yield {
        partnerId: ids[p], linkId: links[p], time: timeOf(n, o.clicks), userHash: hash(),
        ip: n % 10 === 0 ? `2001:db8:${(n % 65536).toString(16)}::${(n % 997).toString(16)}` : `198.51.${n % 256}.${(n >> 8) % 256}`,
        browser: BROWSERS[n % BROWSERS.length], userAgent: 'Mozilla/5.0 (bench)', referrer: REFERRERS[n % REFERRERS.length],
        queryString: `cur_from=${from}&cur_to=${to}&sub1=tag-${n % 30}`, curFrom: from, curTo: to, isBot, isRepeat, sub1: `tag-${n % 30}`,
      };
    }
  }
  function* exchanges(): Generator<SeedExchange> {
    for (let n = 0; n < o.exchanges; n++) {
      const p = pick();
      exchangeCounts[p]++;
      const [give, get] = PAIRS[n % PAIRS.length];
      const r = random();
      const status = r < 0.8 ? 'success' : r < 0.9 ? 'pending' : r < 0.95 ? 'canceled' : 'refunded';
      const cents = 1000 + Math.floor(random() * 500_000);
      yield {
        externalId: `bench-${n}`, partnerId: ids[p], linkId: links[p], sub1: `tag-${n % 30}`, time: timeOf(n, o.exchanges), userHash: hash(), curGive: give, curGet: get,
        amountGive: (cents / 100).toFixed(2), amountGet: (cents / 100 * 0.000015).toFixed(8), courseGive: '1', courseGet: '0.000015',
        status, rewardBase: cents * 1_000_000, rewardPercent: '0.5', reward: status === 'pending' || status === 'canceled' ? 0 : cents * 5_000,
      };
    }
  }
  await repos.partnerReports.bulkInsert({ clicks: clicks(), exchanges: exchanges() });

  const benchPartner = async (index: number): Promise<BenchPartner> => ({
    id: ids[index], apiKey: (await issueApiKey(repos, ids[index])).api_key, clicks: clickCounts[index], exchanges: exchangeCounts[index],
  });
  return { now: o.now, median: await benchPartner(Math.floor(o.partners / 2)), busiest: await benchPartner(0) };
}

const isEntry = import.meta.url === `file://${process.argv[1]}`;
if (isEntry) {
  const path = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'ratelink-bench-')), 'api.db');
  const [clicks, exchanges] = process.argv.slice(3).map(Number);
  console.log(JSON.stringify(await seedApiLedger(path, { ...(clicks ? { clicks } : {}), ...(exchanges ? { exchanges } : {}) }), null, 2));
}
