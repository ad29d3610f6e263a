import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import t from 'tap';
import { buildApp } from '../../../src/app.js';
import type { Repos } from '../../../src/db/repos.js';
import { createFeedCache } from '../../../src/services/feeds/cache.js';
import { DEMAND_SECONDS } from '../../../src/services/feeds/demand.js';
import { normaliseDirection } from '../../../src/services/rates/direction-input.js';
import { touchAllDirections } from '../../../src/services/rates/directions.js';
import { build, testConfig } from '../../helpers/build.js';
import { addFeed, golden, loadDemoRates, putDirections } from '../../helpers/feeds.js';

const btc = { from: 'BTC', to: 'SBERRUB', in: '1', out: '6125430.5', amount: '4850000', minamount: '0.002', maxamount: '0.75' };
const now = () => Math.floor(Date.now() / 1000);

/** The app's repositories, counting full rebuilds (each reads the rate table once). */
function countingRepos(repos: Repos) {
  const counter = { rebuilds: 0, fail: false };
  const directions = {
    ...repos.directions,
    list: async () => {
      counter.rebuilds++;
      if (counter.fail) throw new Error('disk on fire');
      return repos.directions.list();
    },
  };
  return { repos: { ...repos, directions } as Repos, counter };
}

t.test('feed cache › a burst of rate updates is served after one coalesced rebuild', async (t) => {
  const app = await build(t);
  await loadDemoRates(app);
  await addFeed(app);
  const { repos, counter } = countingRepos(app.repos);
  const cache = createFeedCache({ repos, forceMaintenance: false, pollMs: 3_600_000 });
  t.teardown(() => cache.close());
  await cache.start();
  t.equal(counter.rebuilds, 1);
  for (let i = 0; i < 20; i++) cache.invalidate();
  await cache.settle();
  t.equal(counter.rebuilds, 2, 'twenty invalidations, one rebuild');
});

t.test('feed cache › a failed rebuild keeps serving the previous documents and is retried by the poll', async (t) => {
  const app = await build(t);
  await putDirections(app, [btc]);
  const code = await addFeed(app);
  const { repos, counter } = countingRepos(app.repos);
  const cache = createFeedCache({ repos, forceMaintenance: false, pollMs: 3_600_000 });
  t.teardown(() => cache.close());
  await cache.start();
  const before = cache.lookup(code)!.txt.variants.identity.body.toString();
  counter.fail = true;
  await putDirections(app, [{ ...btc, out: '7000000' }]);
  await cache.refresh();
  t.equal(cache.lookup(code)!.txt.variants.identity.body.toString(), before);
  counter.fail = false;
  await cache.checkForChanges();
  await cache.settle();
  t.match(cache.lookup(code)!.txt.variants.identity.body.toString(), /^BTC;SBERRUB;1;7000000;/);
});

t.test('feed cache › rates written by another process are noticed by the poll', async (t) => {
  const dbPath = join(t.testdir(), 'shared.db');
  const server = await buildApp(testConfig({ dbPath }));
  t.teardown(() => server.close());
  await putDirections(server, [btc]);
  const code = await addFeed(server);
  const cli = await buildApp(testConfig({ dbPath })); // e.g. `ratelink rates import` while the server runs
  await putDirections(cli, [{ ...btc, out: '6300000' }], 'PATCH');
  await cli.close();
  await server.feedCache.checkForChanges();
  await server.feedCache.settle();
  const res = await server.inject({ method: 'GET', url: `/service/export/txt/${code}` });
  t.equal(res.body, 'BTC;SBERRUB;1;6300000;4850000;;\n');
});

t.test('feed cache › stale rates drop out, a rebuild is due when the first listed rate turns stale, touch revives them', async (t) => {
  const app = await build(t);
  const code = await addFeed(app, { options: { max_age: 600 } });
  const values = [normaliseDirection(btc, String), normaliseDirection({ ...btc, to: 'TCSBRUB' }, String)];
  await app.repos.directions.upsertMany([values[0]], now() - 601);
  await app.repos.directions.upsertMany([values[1]], now() - 100);
  await app.feedCache.refresh();
  const txt = async () => (await app.inject({ method: 'GET', url: `/service/export/txt/${code}` })).body;
  t.equal(await txt(), 'BTC;TCSBRUB;1;6125430.5;4850000;;\n', 'updated 601 s ago: stale; 100 s ago: listed');
  const due = app.feedCache.status().nextStaleRebuildAt!;
  t.ok(due >= now() + 499 && due <= now() + 501, 'rebuild scheduled when the listed rate reaches 601 s');
  const touched = await touchAllDirections(app);
  t.same(touched, { touched: 2, rates_version: 3 });
  await app.feedCache.settle();
  t.equal((await txt()).split('\n').length - 1, 2, 'both listed after the re-push');
});

t.test('feed cache › fetch statistics still in memory are written when the app closes', async (t) => {
  const dbPath = join(t.testdir(), 'stats.db');
  const app = await buildApp(testConfig({ dbPath }));
  const code = await addFeed(app);
  await app.inject({ method: 'GET', url: `/service/export/xml/${code}`, remoteAddress: '203.0.113.7' });
  await app.close();
  const reopened = await buildApp(testConfig({ dbPath }));
  t.teardown(() => reopened.close());
  t.match(await reopened.repos.feeds.findByCode(code), { fetchCount: 1, lastIp: '203.0.113.7' });
});

t.test('feed cache › fetch statistics flushed late by another instance: counts add up, last_ip stays the latest fetch\'s', async (t) => {
  const app = await build(t);
  const code = await addFeed(app);
  // Instance A flushes a fetch of 12:00:05; instance B flushes its older one (12:00:03) after it.
  await app.repos.feeds.recordFetches([{ code, count: 2, lastAt: 1_800_000_005, lastIp: '198.51.100.1' }]);
  await app.repos.feeds.recordFetches([{ code, count: 3, lastAt: 1_800_000_003, lastIp: '203.0.113.2' }]);
  t.match(await app.repos.feeds.findByCode(code), { fetchCount: 5, lastFetchAt: 1_800_000_005, lastIp: '198.51.100.1' });
  await app.repos.feeds.recordFetches([{ code, count: 1, lastAt: 1_800_000_009, lastIp: '203.0.113.2' }]);
  t.match(await app.repos.feeds.findByCode(code), { fetchCount: 6, lastFetchAt: 1_800_000_009, lastIp: '203.0.113.2' });
});

t.test('feed cache › feeds with the same options share their documents; dialect and options still apply per feed', async (t) => {
  const app = await build(t);
  await loadDemoRates(app);
  const classic = await addFeed(app);
  const eref = await addFeed(app, { dialect: 'eref11' });
  const noBtc = await addFeed(app, { options: { exclude: ['BTC'] } });
  const body = (code: string, format: 'xml' | 'json' | 'txt') => app.feedCache.lookup(code)![format].variants.identity.body.toString('utf8');
  for (const [code, file] of [[classic, 'demo-classic.xml'], [eref, 'demo-eref11.xml']] as const) t.equal(body(code, 'xml'), golden(file));
  t.equal(body(classic, 'json'), golden('demo.json'));
  for (const code of [classic, eref]) {
    for (const format of ['json', 'txt']) await app.inject({ url: `/service/export/${format}/${code}`, headers: { 'accept-encoding': 'gzip' } });
  }
  // A change of every document: one rebuild renders and compresses JSON and TXT once for both.
  t.equal((await putDirections(app, [{ ...btc, out: '6125431' }], 'PATCH')).statusCode, 200);
  await app.feedCache.refresh();
  for (const format of ['json', 'txt'] as const) {
    const [a, b] = [classic, eref].map((code) => app.feedCache.lookup(code)![format].variants);
    t.ok(a.identity.body === b.identity.body && a.gzip !== undefined && a.gzip.body === b.gzip?.body, `${format}: the same bytes for both dialects, made once`);
  }
  t.not(body(classic, 'xml'), body(eref, 'xml'));
  t.notOk(body(noBtc, 'txt').includes('BTC;'), 'the excluded currency is left out of its own feed only');
  t.ok(body(classic, 'txt').includes('BTC;'));
});

t.test('feed cache › the compressed forms monitors fetch are made with each new version; the others on first request', async (t) => {
  const app = await build(t);
  await putDirections(app, [btc]);
  const code = await addFeed(app);
  let clock = now();
  const cache = createFeedCache({ repos: app.repos, forceMaintenance: false, pollMs: 3_600_000, clock: () => clock });
  t.teardown(() => cache.close());
  await cache.start();
  const xml = () => cache.lookup(code)!.xml;
  t.same(Object.keys(xml().variants), ['identity'], 'nothing fetched yet: nothing compressed');
  const [first, concurrent] = await Promise.all([xml().variant('gzip'), xml().variant('gzip')]);
  t.equal(concurrent, first, 'concurrent first requests share one compression');
  t.equal(gunzipSync(first.body).toString(), xml().variants.identity.body.toString(), 'made on first request');
  t.equal(await xml().variant('gzip'), first, 'and kept for the next ones');
  cache.recordFetch(code, '203.0.113.7', 'xml', 'gzip');

  const change = async (out: string) => {
    await putDirections(app, [{ ...btc, out }], 'PATCH');
    await cache.refresh();
  };
  await change('6125431');
  t.ok(xml().variants.gzip, 'a fetched form is ready as soon as the new version is served');
  t.match(gunzipSync(xml().variants.gzip!.body).toString(), '<out>6125431</out>');
  t.equal(xml().variants.br, undefined, 'brotli was not fetched: not made');
  t.equal(cache.lookup(code)!.json.variants.gzip, undefined, 'nor other formats');

  clock += DEMAND_SECONDS - 1;
  await change('6125432');
  t.ok(xml().variants.gzip, 'still wanted just before the demand expires');
  clock += 1;
  await change('6125433');
  t.equal(xml().variants.gzip, undefined, `not fetched for ${DEMAND_SECONDS} s: made on request again`);
});

t.test('feed cache › concurrent writes waiting for the feeds share one rebuild', async (t) => {
  const app = await build(t);
  await loadDemoRates(app);
  await addFeed(app);
  const { repos, counter } = countingRepos(app.repos);
  const cache = createFeedCache({ repos, forceMaintenance: false, pollMs: 3_600_000 });
  t.teardown(() => cache.close());
  await cache.start();
  await Promise.all(Array.from({ length: 20 }, () => cache.changed()));
  t.equal(counter.rebuilds, 2, 'twenty writes, one rebuild, all answered after it');
  await cache.changed();
  t.equal(counter.rebuilds, 3, 'a later write gets its own');
});

t.test('feed cache › a change signal: changed() announces it; another instance\'s announcement rebuilds at once; close stops listening', async (t) => {
  const app = await build(t);
  await loadDemoRates(app);
  await addFeed(app);
  const { repos, counter } = countingRepos(app.repos);
  let announced = 0;
  let notify: (() => void) | null = null;
  let stopped = false;
  const signal = {
    announce: async () => { announced++; },
    listen: async (onChange: () => void) => { notify = onChange; return async () => { stopped = true; }; },
  };
  const cache = createFeedCache({ repos, forceMaintenance: false, pollMs: 3_600_000, coalesceMs: 10_000, signal });
  await cache.start();
  t.equal(counter.rebuilds, 1);
  await cache.changed();
  t.equal(announced, 1, 'a write through this instance is announced');
  t.equal(counter.rebuilds, 2);
  notify!();
  for (let i = 0; i < 100 && counter.rebuilds < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(counter.rebuilds, 3, 'another instance\'s change: rebuilt within a second, not after the 10 s coalescing pause');
  await cache.settle();
  await cache.close();
  t.ok(stopped, 'the listener is stopped on close');
});
