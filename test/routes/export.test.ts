import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { XMLValidator } from 'fast-xml-parser';
import t from 'tap';
import { feeds } from '../../src/db/sqlite/schema.js';
import { adminHeaders, build } from '../helpers/build.js';
import { addFeed, golden, loadDemoRates, putDirections } from '../helpers/feeds.js';
import { sqliteOf } from '../../src/db/sqlite/index.js';
import { sqliteOnly } from '../helpers/pg.js';

const SQLITE_ONLY = sqliteOnly('writes the SQLite tables directly');

async function demoFeed(t: Parameters<typeof build>[0], overrides: Parameters<typeof build>[1] = {}, feed: Parameters<typeof addFeed>[1] = {}) {
  const app = await build(t, overrides);
  await loadDemoRates(app);
  const code = await addFeed(app, feed);
  const get = (format: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
    app.inject({ method, url: `/service/export/${format}/${code}`, headers });
  return { app, code, get };
}

t.test('GET /service/export/{xml,json,txt}/:code › the demo rates, as the golden files, with their content types', async (t) => {
  const { get } = await demoFeed(t);
  const expected = { xml: ['demo-classic.xml', 'application/xml; charset=utf-8'], json: ['demo.json', 'application/json; charset=utf-8'], txt: ['demo.txt', 'text/plain; charset=utf-8'] };
  for (const [format, [file, type]] of Object.entries(expected)) {
    const res = await get(format);
    t.equal(res.statusCode, 200, format);
    t.equal(res.headers['content-type'], type);
    t.equal(res.body, golden(file));
    t.equal(res.headers['cache-control'], 'no-cache');
    t.equal(res.headers.vary, 'Accept-Encoding');
    t.match(res.headers.etag, /^"[A-Za-z0-9_-]+"$/, 'a strong ETag');
    t.ok(Date.parse(String(res.headers['last-modified'])) > 0, 'Last-Modified is an HTTP date');
  }
});

t.test('GET /service/export/xml/:code › an eref11 feed speaks BestChange 1.1', async (t) => {
  const { get } = await demoFeed(t, {}, { dialect: 'eref11' });
  t.equal((await get('xml')).body, golden('demo-eref11.xml'));
});

t.test('GET /service/export/xml/:code › If-None-Match: 304 when it matches, 200 when it does not', async (t) => {
  const { get } = await demoFeed(t);
  const first = await get('xml');
  const etag = String(first.headers.etag);
  const hit = await get('xml', { 'if-none-match': etag });
  t.equal(hit.statusCode, 304);
  t.equal(hit.body, '');
  t.equal(hit.headers.etag, etag);
  t.equal(hit.headers['cache-control'], 'no-cache');
  t.equal((await get('xml', { 'if-none-match': `"other", W/${etag}` })).statusCode, 304, 'weak comparison, lists');
  t.equal((await get('xml', { 'if-none-match': '"other"' })).statusCode, 200);
  t.equal((await get('xml', { 'if-none-match': '"other"', 'if-modified-since': 'Fri, 01 Jan 2100 00:00:00 GMT' })).statusCode, 200,
    'If-None-Match decides when present');
  t.equal((await get('json', { 'if-none-match': etag })).statusCode, 200, 'each format has its own ETag');
});

t.test('GET /service/export/xml/:code › If-Modified-Since: 304 when not older, 200 when older', async (t) => {
  const { get } = await demoFeed(t);
  const lastModified = String((await get('xml')).headers['last-modified']);
  t.equal((await get('xml', { 'if-modified-since': lastModified })).statusCode, 304);
  t.equal((await get('xml', { 'if-modified-since': new Date(Date.parse(lastModified) + 60_000).toUTCString() })).statusCode, 304);
  t.equal((await get('xml', { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).statusCode, 200);
  t.equal((await get('xml', { 'if-modified-since': 'yesterday-ish' })).statusCode, 200);
});

t.test('GET /service/export/xml/:code › a rates update is in the next response, with a new ETag', async (t) => {
  const { app, get } = await demoFeed(t);
  const before = await get('xml');
  const res = await putDirections(app, [{ from: 'BTC', to: 'SBERRUB', out: '6200000.55' }], 'PATCH');
  t.equal(res.statusCode, 200);
  await app.feedCache.settle();
  const after = await get('xml', { 'if-none-match': String(before.headers.etag) });
  t.equal(after.statusCode, 200);
  t.not(after.headers.etag, before.headers.etag);
  t.match(after.body, '<from>BTC</from>\n<to>SBERRUB</to>\n<in>1</in>\n<out>6200000.55</out>');
  t.equal((await get('txt')).body.split('\n')[0], 'BTC;SBERRUB;1;6200000.55;4850000;;');
});

t.test('GET /service/export/xml/:code › gzip and brotli when asked, decoded to the same document', async (t) => {
  const { get } = await demoFeed(t);
  const plain = await get('xml');
  const gz = await get('xml', { 'accept-encoding': 'gzip, deflate' });
  t.equal(gz.headers['content-encoding'], 'gzip');
  t.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
  t.not(gz.headers.etag, plain.headers.etag, 'each encoding has its own strong ETag');
  const br = await get('xml', { 'accept-encoding': 'gzip, deflate, br' });
  t.equal(br.headers['content-encoding'], 'br');
  t.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
  t.equal((await get('xml', { 'accept-encoding': 'gzip;q=1, br;q=0.5' })).headers['content-encoding'], 'gzip', 'the higher q wins');
  t.equal((await get('xml', { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding'], 'gzip', 'q=0 refuses');
  t.equal((await get('xml', { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding'], undefined);
  t.equal((await get('xml', { 'accept-encoding': '*' })).headers['content-encoding'], 'br');
  t.equal((await get('xml', { 'accept-encoding': 'identity' })).headers['content-encoding'], undefined);
  const revalidated = await get('xml', { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) });
  t.equal(revalidated.statusCode, 304);
});

t.test('GET /service/export/json/:code › concurrent first requests in an encoding nobody fetched yet all get it, with one ETag', async (t) => {
  const { app, get } = await demoFeed(t);
  t.equal(app.feedCache.lookup((await app.repos.feeds.list())[0]!.code)!.json.variants.br, undefined, 'not fetched yet: not made');
  const replies = await Promise.all(Array.from({ length: 5 }, () => get('json', { 'accept-encoding': 'br' })));
  for (const res of replies) {
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-encoding'], 'br');
    t.equal(brotliDecompressSync(res.rawPayload).toString(), golden('demo.json'));
  }
  t.ok(replies.every((res) => res.rawPayload.equals(replies[0]!.rawPayload) && res.headers.etag === replies[0]!.headers.etag), 'the same bytes and ETag');
});

t.test('GET /service/export/xml/:code › after a restart, an unchanged feed revalidates with 304 in any encoding', async (t) => {
  const dbPath = join(t.testdir(), 'restart.db');
  const app = await build(t, { dbPath });
  await loadDemoRates(app);
  const code = await addFeed(app);
  const before = await app.inject({ url: `/service/export/xml/${code}`, headers: { 'accept-encoding': 'br' } });
  await app.close();
  const restarted = await build(t, { dbPath });
  const after = await restarted.inject({ url: `/service/export/xml/${code}`, headers: { 'accept-encoding': 'br', 'if-none-match': String(before.headers.etag) } });
  t.equal(after.statusCode, 304, 'the same bytes carry the same ETag in any process');
  t.equal(after.headers.etag, before.headers.etag);
});

t.test('HEAD /service/export/{xml,json,txt}/:code › the GET headers without a body', async (t) => {
  const { get } = await demoFeed(t);
  for (const format of ['xml', 'json', 'txt']) {
    const full = await get(format, { 'accept-encoding': 'gzip' });
    const head = await get(format, { 'accept-encoding': 'gzip' }, 'HEAD');
    t.equal(head.statusCode, 200);
    t.equal(head.body, '');
    for (const name of ['content-type', 'etag', 'last-modified', 'content-encoding', 'content-length', 'cache-control']) {
      t.equal(head.headers[name], full.headers[name], `${format} ${name}`);
    }
  }
  t.equal((await get('xml', {}, 'HEAD')).headers['content-length'], String(Buffer.byteLength(golden('demo-classic.xml'))));
});

t.test('GET /service/export/*/:code › unknown, disabled and hostile codes: 404 "Unknown feed" as text', { skip: SQLITE_ONLY }, async (t) => {
  const { app, code } = await demoFeed(t);
  const hostile = ['nope', '__proto__', 'constructor', 'toString', '%00', '..%2F..%2Fetc%2Fpasswd', '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    'a'.repeat(5000), '%E0%A4%A', '%F0%9F%92%A9', `${code}%20`, code.toLowerCase(), `${code}/x`, ''];
  for (const bad of hostile) {
    for (const format of ['xml', 'json', 'txt']) {
      const res = await app.inject({ method: 'GET', url: `/service/export/${format}/${bad}` });
      t.equal(res.statusCode, 404, `${format}/${bad.slice(0, 30)}`);
      t.equal(res.body, 'Unknown feed\n');
      t.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    }
  }
  t.equal((await app.inject({ method: 'GET', url: `/service/export/pdf/${code}` })).statusCode, 404);
  sqliteOf(app.db).db.update(feeds).set({ enabled: false }).run();
  await app.feedCache.refresh();
  const disabled = await app.inject({ method: 'GET', url: `/service/export/xml/${code}` });
  t.equal(disabled.statusCode, 404);
  t.equal(disabled.body, 'Unknown feed\n');
});

t.test('GET /service/export/*/:code › RATELINK_MAINTENANCE=1 serves valid empty documents', async (t) => {
  const { get } = await demoFeed(t, { maintenance: true });
  const xml = await get('xml');
  t.equal(xml.statusCode, 200);
  t.equal(xml.body, '<?xml version="1.0" encoding="UTF-8"?>\n<rates></rates>\n');
  t.equal(XMLValidator.validate(xml.body), true);
  t.same((await get('json')).json(), { version: '1.3', currencies: { list: {}, amounts: {} }, exchange: {} });
  const txt = await get('txt');
  t.equal(txt.statusCode, 200);
  t.equal(txt.body, '');
});

t.test('GET /service/export/*/:code › the maintenance switch empties the feeds and restores them', async (t) => {
  const { app, get } = await demoFeed(t);
  const on = await app.inject({ method: 'PUT', url: '/admin/maintenance', headers: adminHeaders, payload: { enabled: true } });
  t.same(on.json(), { enabled: true, switch: true, forced_by_env: false });
  await app.feedCache.settle();
  t.equal((await get('xml')).body, '<?xml version="1.0" encoding="UTF-8"?>\n<rates></rates>\n');
  await app.inject({ method: 'PUT', url: '/admin/maintenance', headers: adminHeaders, payload: { enabled: false } });
  await app.feedCache.settle();
  t.equal((await get('xml')).body, golden('demo-classic.xml'));
});

t.test('GET /service/export/*/:code › each fetch is counted with its time and IP, written in batches', async (t) => {
  const { app, code, get } = await demoFeed(t);
  const writes: number[] = [];
  const recordFetches = app.repos.feeds.recordFetches;
  app.repos.feeds.recordFetches = async (stats) => {
    writes.push(stats.length);
    return recordFetches(stats);
  };
  const first = await get('xml');
  await get('json', { 'if-none-match': 'x' });
  await get('txt', {}, 'HEAD');
  await get('xml', { 'if-none-match': String(first.headers.etag) });
  await app.feedCache.flushStats();
  t.ok(writes.length >= 1 && writes.length <= 2, 'one write per flush (every 10 s), not one per request');
  const row = await app.repos.feeds.findByCode(code);
  t.equal(row?.fetchCount, 4, '200s, HEADs and 304s are all polls');
  t.equal(row?.lastIp, '127.0.0.1');
  t.ok(row?.lastFetchAt && Math.abs(row.lastFetchAt - Date.now() / 1000) < 60);
  await get('xml');
  await app.feedCache.flushStats();
  t.equal((await app.repos.feeds.findByCode(code))?.fetchCount, 5);
  const listed = (await app.inject({ method: 'GET', url: '/admin/feeds', headers: adminHeaders })).json().items[0];
  t.match(listed, { fetch_count: 5, last_ip: '127.0.0.1' });
});
