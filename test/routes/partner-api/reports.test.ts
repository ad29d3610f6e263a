// get_links and get_exchanges against a seeded ledger: exact values, isolation, filters, order.
import t, { type Test } from 'tap';
import { build } from '../../helpers/build.js';
import { callApi, click, exchange, itemIdsInTextOrder, makePartner, seed } from '../../helpers/partner-api.js';

async function twoPartners(t: Test, overrides = {}) {
  const app = await build(t, overrides);
  const radar = await makePartner(app, 'Radar');
  const kurs = await makePartner(app, 'Kurs');
  return { app, radar, kurs };
}

async function seedClicks(app: Awaited<ReturnType<typeof twoPartners>>['app'], a: number, b: number) {
  await seed(app, {
    clicks: [
      click(a, 1631577600, { ip: '203.0.113.45', browser: 'Chrome', referrer: 'https://www.bestchange.ru/', userHash: 'visitor-a1', queryString: 'cur_from=PMUSD&cur_to=BTC' }),
      click(a, 1631577601, { ip: '203.0.113.46', isBot: true }),
      click(a, 1631577602, { ip: '203.0.113.47', isRepeat: true }),
      click(a, 1631577700, { ip: '2001:db8:abcd:12::7', browser: 'Firefox', userHash: 'visitor-a4' }),
      click(a, 1631577800, { ip: '', userHash: 'visitor-a5' }),
      click(b, 1631577650, { ip: '198.51.100.1' }),
    ],
  });
}

t.test('get_links › counted clicks of the caller only, exact fields, newest first, IPs masked', async (t) => {
  const { app, radar, kurs } = await twoPartners(t);
  await seedClicks(app, radar.partner.id, kurs.partner.id);
  const res = await callApi(app, radar.apiKey, 'get_links');
  t.equal(res.statusCode, 200);
  t.same(itemIdsInTextOrder(res.body), [5, 4, 1], 'bots (2), repeats (3) and the other partner (6) left out');
  const { items } = res.json().data;
  t.same(items['1'], {
    id: 1, time: 1631577600, date: '2021-09-14 00:00:00', browser: 'Chrome', ip: '203.0.113.0',
    referrer: 'https://www.bestchange.ru/', user_hash: app.visitors.pseudonym(radar.partner.id, 'visitor-a1'), query_string: 'cur_from=PMUSD&cur_to=BTC',
  });
  t.same(items['4'], {
    id: 4, time: 1631577700, date: '2021-09-14 00:01:40', browser: 'Firefox', ip: '2001:db8:abcd::',
    referrer: '', user_hash: app.visitors.pseudonym(radar.partner.id, 'visitor-a4'), query_string: '',
  });
  t.equal(items['5'].ip, '0.0.0.0', 'unknown IP as in the seed');
  t.equal(items['5'].browser, 'Unknown');

  const other = await callApi(app, kurs.apiKey, 'get_links');
  t.same(itemIdsInTextOrder(other.body), [6]);
  t.equal(other.json().data.items['6'].ip, '198.51.100.0');
});

t.test('get_links › RATELINK_PARTNER_FULL_IP=1 shows whole addresses', async (t) => {
  const { app, radar, kurs } = await twoPartners(t, { partnerFullIp: true });
  await seedClicks(app, radar.partner.id, kurs.partner.id);
  const { items } = (await callApi(app, radar.apiKey, 'get_links')).json().data;
  t.equal(items['1'].ip, '203.0.113.45');
  t.equal(items['4'].ip, '2001:db8:abcd:12::7');
});

t.test('get_links › start_time/end_time are inclusive bounds', async (t) => {
  const { app, radar } = await twoPartners(t);
  const id = radar.partner.id;
  // ids 1..5 at these times
  await seed(app, { clicks: [click(id, 1000), click(id, 1001), click(id, 1999), click(id, 2000), click(id, 2001)] });
  const ids = async (params: Record<string, number | string>) => itemIdsInTextOrder((await callApi(app, radar.apiKey, 'get_links', params)).body);
  t.same(await ids({ start_time: 1001, end_time: 2000 }), [4, 3, 2]);
  t.same(await ids({ start_time: 2000 }), [5, 4]);
  t.same(await ids({ end_time: 1000 }), [1]);
  t.same(await ids({ start_time: 1999, end_time: 1999 }), [3]);
  t.same(await ids({ start_time: 1500, end_time: 1500 }), []);
  t.same(await ids({ start_time: '', end_time: '' }), [5, 4, 3, 2, 1], 'empty values are absent, as PHP forms send them');
});

t.test('get_links › at most 1000 items by default, newest first; limit/offset page further', async (t) => {
  const { app, radar } = await twoPartners(t);
  const id = radar.partner.id;
  await seed(app, { clicks: Array.from({ length: 1001 }, (_, i) => click(id, 10_000 + i)) });
  const page = await callApi(app, radar.apiKey, 'get_links');
  const ids = itemIdsInTextOrder(page.body);
  t.equal(ids.length, 1000);
  t.equal(ids[0], 1001);
  t.equal(ids[999], 2);
  t.same(itemIdsInTextOrder((await callApi(app, radar.apiKey, 'get_links', { limit: 2, offset: 1 })).body), [1000, 999]);
  t.same(itemIdsInTextOrder((await callApi(app, radar.apiKey, 'get_links', { limit: 10_000 })).body).length, 1001);
});

t.test('get_links › a deep offset is refused (error 5); next_cursor pages to the end at the cost of a first page', async (t) => {
  const { app, radar } = await twoPartners(t);
  const id = radar.partner.id;
  // Three clicks per second, so that pages end in the middle of a second.
  await seed(app, { clicks: Array.from({ length: 30 }, (_, i) => click(id, 10_000 + Math.floor(i / 3))) });
  const deep = await callApi(app, radar.apiKey, 'get_links', { limit: 10, offset: 999_990 });
  t.match(deep.json(), { status: 'error', error: 5, error_text: 'Invalid offset: expected an integer from 0 to 10000' });
  const seen: number[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const res = await callApi(app, radar.apiKey, 'get_links', { limit: 7, ...(cursor ? { cursor } : {}) });
    seen.push(...itemIdsInTextOrder(res.body));
    cursor = res.json().data.next_cursor;
    if (cursor === undefined) break;
  }
  t.same(seen, Array.from({ length: 30 }, (_, i) => 30 - i), 'every click once, newest first');
  t.equal((await callApi(app, radar.apiKey, 'get_links', { cursor: 'x' })).json().error, 5);
  t.same(Object.keys((await callApi(app, radar.apiKey, 'get_links', { limit: 100 })).json().data), ['items'], 'no cursor after the last page');
});

t.test('get_links › clicks at the same second: the later id first', async (t) => {
  const { app, radar } = await twoPartners(t);
  await seed(app, { clicks: [click(radar.partner.id, 5000), click(radar.partner.id, 5000), click(radar.partner.id, 4000)] });
  t.same(itemIdsInTextOrder((await callApi(app, radar.apiKey, 'get_links')).body), [2, 1, 3]);
});

async function seedExchanges(app: Awaited<ReturnType<typeof twoPartners>>['app'], a: number, b: number) {
  await seed(app, {
    exchanges: [
      exchange(a, 1590356264, {
        amountGive: '1234.56789012', amountGet: '0.01851851', courseGive: '1', courseGet: '0.000015',
        reward: 12_345_678, userHash: '1r7',
      }),
      exchange(a, 1590356300, { status: 'pending', curGive: 'QWRUB', curGet: 'USDTTRC20', userHash: null }),
      exchange(a, 1590356400, { status: 'refunded', reward: 500_000 }),
      exchange(a, 1590356500, { status: 'success', reward: 0, flag: 'self_referral' }),
      exchange(b, 1590356350, { reward: 100_000_000 }),
    ],
  });
}

t.test('get_exchanges › the caller\'s exchanges with exact values as JSON numbers, newest first', async (t) => {
  const { app, radar, kurs } = await twoPartners(t);
  await seedExchanges(app, radar.partner.id, kurs.partner.id);
  const res = await callApi(app, radar.apiKey, 'get_exchanges');
  t.same(itemIdsInTextOrder(res.body), [4, 3, 2, 1]);
  t.match(res.body, /"amount_give":1234\.56789012,"amount_get":0\.01851851,/);
  const { items } = res.json().data;
  t.same(items['1'], {
    id: 1, time: 1590356264, date: '2020-05-24 21:37:44', currency_code_give: 'PMUSD', currency_code_get: 'BTC',
    course_give: 1, course_get: 0.000015, amount_give: 1234.56789012, amount_get: 0.01851851,
    exchange_success: 1, accrued: 1, partner_reward: 0.12345678, user_hash: app.visitors.pseudonym(radar.partner.id, '1r7'),
  });
  t.match(items['2'], { exchange_success: 0, accrued: 0, partner_reward: 0, user_hash: '', currency_code_give: 'QWRUB', currency_code_get: 'USDTTRC20' });
  t.match(items['3'], { exchange_success: 0, accrued: 0, partner_reward: 0.005 }, 'refunded: reward shown, not accrued');
  t.match(items['4'], { exchange_success: 1, accrued: 0, partner_reward: 0 }, 'flagged: nothing credited');
  t.same(itemIdsInTextOrder((await callApi(app, kurs.apiKey, 'get_exchanges')).body), [5]);
});

t.test('get_exchanges › time filters are inclusive; dates follow RATELINK_TZ', async (t) => {
  const { app, radar, kurs } = await twoPartners(t, { timeZone: 'Europe/Moscow' });
  await seedExchanges(app, radar.partner.id, kurs.partner.id);
  const res = await callApi(app, radar.apiKey, 'get_exchanges', { start_time: 1590356264, end_time: 1590356400 });
  t.same(itemIdsInTextOrder(res.body), [3, 2, 1]);
  t.equal(res.json().data.items['1'].date, '2020-05-25 00:37:44');
});

t.test('get_exchanges › exchanges at the same second: the later id first; limit/offset and next_cursor page in that order', async (t) => {
  const { app, radar, kurs } = await twoPartners(t);
  const a = radar.partner.id;
  // ids 1..7: three at 5000, one of another partner between them, two at 4000, one at 6000.
  await seed(app, { exchanges: [exchange(a, 5000), exchange(a, 5000), exchange(kurs.partner.id, 5000), exchange(a, 5000), exchange(a, 4000), exchange(a, 4000), exchange(a, 6000)] });
  t.same(itemIdsInTextOrder((await callApi(app, radar.apiKey, 'get_exchanges')).body), [7, 4, 2, 1, 6, 5]);
  t.same(itemIdsInTextOrder((await callApi(app, radar.apiKey, 'get_exchanges', { limit: 2, offset: 2 })).body), [2, 1], 'a page in the middle of a second');
  const first = await callApi(app, radar.apiKey, 'get_exchanges', { limit: 3 });
  t.same(itemIdsInTextOrder(first.body), [7, 4, 2]);
  const next = await callApi(app, radar.apiKey, 'get_exchanges', { limit: 3, cursor: first.json().data.next_cursor });
  t.same(itemIdsInTextOrder(next.body), [1, 6, 5], 'the cursor resumes after the last row shown');
  t.same(itemIdsInTextOrder((await callApi(app, radar.apiKey, 'get_exchanges', { offset: 6 })).body), [], 'past the end: an empty page');
});

t.test('get_links › offset pages with the ip and time filters skip only matching counted clicks', async (t) => {
  const { app, radar } = await twoPartners(t);
  const a = radar.partner.id;
  await seed(app, {
    clicks: [
      click(a, 1000, { ip: '203.0.113.1' }), click(a, 1000, { ip: '198.51.100.1' }), click(a, 1000, { ip: '203.0.113.2', isBot: true }),
      click(a, 1001, { ip: '203.0.113.3' }), click(a, 1001, { ip: '203.0.113.4', isRepeat: true }), click(a, 1002, { ip: '203.0.113.5' }),
      click(a, 1003, { ip: '203.0.113.6' }),
    ],
  });
  const page = (params: Record<string, string | number>) => callApi(app, radar.apiKey, 'get_links', { ip: '203.0.113.9', ...params });
  t.same(itemIdsInTextOrder((await page({})).body), [7, 6, 4, 1], 'the /24 the partner sees, counted clicks only');
  t.same(itemIdsInTextOrder((await page({ limit: 2, offset: 1 })).body), [6, 4]);
  t.same(itemIdsInTextOrder((await page({ limit: 2, offset: 1, start_time: 1000, end_time: 1002 })).body), [4, 1]);
});

t.test('get_links and get_exchanges › the ip filter reads clicks of unknown or malformed address as the 0.0.0.0 partners see', async (t) => {
  // An empty address (unknown), a proxy's "X-Forwarded-For: unknown", a link-local address with its zone.
  const { app, radar } = await twoPartners(t);
  const a = radar.partner.id;
  await seed(app, {
    clicks: [
      click(a, 1000, { ip: '203.0.113.1' }), click(a, 1001, { ip: '' }), click(a, 1002, { ip: 'unknown' }),
      click(a, 1003, { ip: 'fe80::1%eth0' }), click(a, 1004, { ip: '::ffff:203.0.113.7' }),
    ],
    exchanges: [exchange(a, 1010, { clickId: 1 }), exchange(a, 1011, { clickId: 2 }), exchange(a, 1012, { clickId: 3 })],
  });
  const links = async (ip: string) => {
    const res = await callApi(app, radar.apiKey, 'get_links', { ip });
    t.equal(res.json().error, 0, `get_links ip=${ip}`);
    return itemIdsInTextOrder(res.body);
  };
  const exchanges = async (ip: string) => {
    const res = await callApi(app, radar.apiKey, 'get_exchanges', { ip });
    t.equal(res.json().error, 0, `get_exchanges ip=${ip}`);
    return itemIdsInTextOrder(res.body);
  };
  t.same(await links('203.0.113.9'), [5, 1]);
  t.same(await links('0.0.0.0'), [3, 2], 'shown as 0.0.0.0, found as 0.0.0.0');
  t.same(await links('fe80::9'), [4]);
  t.same(await links('2001:db8::1'), []);
  t.same(await exchanges('203.0.113.9'), [1]);
  t.same(await exchanges('0.0.0.0'), [3, 2]);
  const shown = (await callApi(app, radar.apiKey, 'get_links')).json().data.items;
  t.same([shown['2'].ip, shown['3'].ip, shown['4'].ip], ['0.0.0.0', '0.0.0.0', 'fe80::']);
});

t.test('get_exchanges and get_payouts › a cursor beyond 32-bit ids pages as any other, not an internal error', async (t) => {
  const { app, radar } = await twoPartners(t);
  const a = radar.partner.id;
  await seed(app, { clicks: [click(a, 1000, { ip: '203.0.113.1' })], exchanges: [exchange(a, 1000, { clickId: 1 })] });
  for (const cursor of ['2147483648-2147483648', '9007199254740991-9007199254740991']) {
    for (const [method, params] of [['get_exchanges', {}], ['get_exchanges', { ip: '203.0.113.1' }], ['get_links', { ip: '203.0.113.1' }], ['get_payouts', {}]] as const) {
      const res = await callApi(app, radar.apiKey, method, { cursor, ...params });
      t.equal(res.json().error, 0, `${method} ${JSON.stringify(params)} cursor=${cursor}`);
    }
  }
  t.same(itemIdsInTextOrder((await callApi(app, radar.apiKey, 'get_exchanges', { cursor: '1000-2147483648', ip: '203.0.113.1' })).body), [1], 'older than the cursor');
});
