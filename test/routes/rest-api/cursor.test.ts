// Cursor pages of the REST reports: `next_cursor` of a full page leads to the rows after it,
// newest first, with none repeated or skipped when new rows arrive between the pages (an offset
// would shift); the last page says null; a cursor is only ours.
import t from 'tap';
import { build } from '../../helpers/build.js';
import { click, exchange, seed } from '../../helpers/partner-api.js';
import { signedIn } from '../../helpers/rest-api.js';
import { makeMethod } from '../../helpers/ledger-factory.js';
import { adjustBalance } from '../../../src/services/ledger/entries.js';

const now = () => Math.floor(Date.now() / 1000);

t.test('GET /api/reports/clicks/ › pages by next_cursor stay stable while clicks arrive; the last page has next_cursor null', async (t) => {
  const app = await build(t);
  const { partner, headers } = await signedIn(app);
  const base = now() - 3600;
  await seed(app, { clicks: Array.from({ length: 5 }, (_, i) => click(partner.id, base + i)) });
  const get = async (query: string) => (await app.inject({ method: 'GET', url: `/api/reports/clicks/?limit=2${query}`, headers })).json();

  const first = await get('');
  t.same(first.data.map((r: { time: number }) => r.time), [base + 4, base + 3]);
  t.type(first.next_cursor, 'string');
  await seed(app, { clicks: [click(partner.id, base + 10)] }); // a newer click between the pages
  const second = await get(`&cursor=${first.next_cursor}`);
  t.same(second.data.map((r: { time: number }) => r.time), [base + 2, base + 1], 'the next older rows, none repeated');
  const last = await get(`&cursor=${second.next_cursor}`);
  t.same(last.data.map((r: { time: number }) => r.time), [base]);
  t.equal(last.next_cursor, null, 'no page after the last');

  const oldestFirst = await get(`&cursor=${first.next_cursor}&ordering=time`);
  t.same(oldestFirst.data.map((r: { time: number }) => r.time), [base + 1, base + 2], 'ordering orders within the page');
  const bad = await app.inject({ method: 'GET', url: '/api/reports/clicks/?cursor=abc', headers });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().code, 'ValidationError');
});

t.test('GET /api/reports/exchanges/ and /payouts/ › next_cursor pages the exchanges; grouped figures carry none', async (t) => {
  const app = await build(t);
  const { partner, headers } = await signedIn(app);
  const base = now() - 3600;
  await seed(app, { exchanges: Array.from({ length: 3 }, (_, i) => exchange(partner.id, base + i, { externalId: `cursor-${i}` })) });
  const page1 = (await app.inject({ method: 'GET', url: '/api/reports/exchanges/?limit=2', headers })).json();
  const page2 = (await app.inject({ method: 'GET', url: `/api/reports/exchanges/?limit=2&cursor=${page1.next_cursor}`, headers })).json();
  t.same([...page1.data, ...page2.data].map((r: { time: number }) => r.time), [base + 2, base + 1, base]);
  t.equal(page2.next_cursor, null);
  const payouts = (await app.inject({ method: 'GET', url: '/api/reports/payouts/?limit=2', headers })).json();
  t.same(payouts, { data: [], totals: payouts.totals, next_cursor: null });
  const grouped = (await app.inject({ method: 'GET', url: '/api/reports/exchanges/?group_by=day', headers })).json();
  t.notOk('next_cursor' in grouped, 'figures are not a row list');
});

t.test('GET /api/reports/payouts/ › totals count and sum every payout of the period, not only the page', async (t) => {
  const app = await build(t);
  const { partner, headers } = await signedIn(app, { min_payout: '0' });
  const method = await makeMethod(app.repos);
  await adjustBalance(app.repos, partner.id, { amount: '100', reason: 'opening' }, now() - 60);
  for (const amount of ['1.01', '2.02', '3.00000003']) {
    t.equal((await app.inject({ method: 'POST', url: '/api/payouts/', headers, payload: { method_id: method.id, account: 'U1', amount } })).statusCode, 201);
  }
  const page = (await app.inject({ method: 'GET', url: '/api/reports/payouts/?limit=2', headers })).json();
  t.equal(page.data.length, 2);
  t.match(page.totals, { count: 3, amount: '6.03000003' });
  const rest = (await app.inject({ method: 'GET', url: `/api/reports/payouts/?limit=2&cursor=${page.next_cursor}`, headers })).json();
  t.equal(rest.data.length, 1);
  t.match(rest.totals, { count: 3, amount: '6.03000003' }, 'the same totals on every page');
});
