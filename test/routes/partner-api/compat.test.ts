// A partner's PHP client, as the seed (004) lets one write it:
//   $r = json_decode(file_get_contents("$site/service/partner/api.php?api_action=pp&api_key=$key&method=get_links"), true);
//   if ($r['status'] == 'success') foreach ($r['data']['items'] as $id => $item) { ... }
// Plain GET over a real socket (file_get_contents speaks HTTP/1.0, no keep-alive), then
// json_decode, using only the parameters and fields the seed shows.
import { connect } from 'node:net';
import t from 'tap';
import { build } from '../../helpers/build.js';
import { click, exchange, makePartner, seed } from '../../helpers/partner-api.js';

function fileGetContents(port: number, path: string): Promise<{ statusLine: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      resolve({ statusLine: raw.slice(0, raw.indexOf('\r\n')), body: raw.slice(split + 4) });
    });
  });
}

// Field → JSON type, exactly as in the seed's examples.
const SEED_INFO = { balance: 'number', totalReceived: 'number', link: 'string', min_payout: 'number', items: 'object' };
const SEED_EXCHANGE = {
  id: 'number', time: 'number', date: 'string', course_give: 'number', course_get: 'number', amount_give: 'number',
  amount_get: 'number', exchange_success: 'number', accrued: 'number', partner_reward: 'number', user_hash: 'string',
};
const SEED_LINK = {
  id: 'number', time: 'number', date: 'string', browser: 'string', ip: 'string', referrer: 'string', user_hash: 'string', query_string: 'string',
};

function typesOf(value: Record<string, unknown>, fields: Record<string, string>) {
  return Object.fromEntries(Object.keys(fields).map((k) => [k, typeof value[k]]));
}

t.test('compatibility › a file_get_contents + json_decode client reads every seed method', async (t) => {
  const app = await build(t);
  const { partner, apiKey } = await makePartner(app, 'Monitor', {}, 'test');
  await seed(app, {
    clicks: [click(partner.id, 1631577600, { ip: '203.0.113.9', userHash: '613fe600' })],
    exchanges: [exchange(partner.id, 1590356264, { amountGive: '0', amountGet: '241.57', courseGive: '0', courseGet: '241.57', userHash: '1r7', reward: 0 })],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const url = (method: string, extra = '') => `/service/partner/api.php?api_action=pp&api_key=${apiKey}&method=${method}${extra}`;

  const info = await fileGetContents(port, url('get_info'));
  t.match(info.statusLine, /^HTTP\/1\.[01] 200 /);
  const r = JSON.parse(info.body);
  t.same({ status: r.status, error: r.error, error_text: r.error_text }, { status: 'success', error: 0, error_text: '' });
  t.same(typesOf(r.data, SEED_INFO), SEED_INFO);
  t.equal(r.data.link, 'test');

  const exchanges = JSON.parse((await fileGetContents(port, url('get_exchanges', '&start_time=1590356264&end_time=1590356264'))).body);
  t.equal(exchanges.status, 'success');
  const exchangeEntries = Object.entries(exchanges.data.items) as Array<[string, Record<string, unknown>]>;
  t.equal(exchangeEntries.length, 1);
  for (const [id, item] of exchangeEntries) {
    t.equal(Number(id), item.id, 'keyed by id');
    t.same(typesOf(item, SEED_EXCHANGE), SEED_EXCHANGE);
    t.match(item, { time: 1590356264, date: '2020-05-24 21:37:44', amount_get: 241.57, course_get: 241.57, exchange_success: 1, user_hash: /^[0-9a-f]{8}$/ });
  }

  const links = JSON.parse((await fileGetContents(port, url('get_links', '&start_time=1631577600&end_time=1631577600'))).body);
  const linkEntries = Object.entries(links.data.items) as Array<[string, Record<string, unknown>]>;
  t.equal(linkEntries.length, 1);
  for (const [id, item] of linkEntries) {
    t.equal(Number(id), item.id, 'keyed by id');
    t.same(typesOf(item, SEED_LINK), SEED_LINK);
    t.match(item, { time: 1631577600, date: '2021-09-14 00:00:00', ip: '203.0.113.0', user_hash: /^[0-9a-f]{8}$/ });
  }

  const empty = JSON.parse((await fileGetContents(port, url('get_links', '&start_time=1&end_time=2'))).body);
  t.same(empty.data.items, {}, 'no rows: an empty object, as the seed\'s get_info items');

  const refused = await fileGetContents(port, `/service/partner/api.php?api_action=pp&api_key=${'Z'.repeat(40)}&method=get_info`);
  t.match(refused.statusLine, /^HTTP\/1\.[01] 200 /, 'errors come with HTTP 200 too');
  t.match(JSON.parse(refused.body), { status: 'error', error: 3, data: {} });
});
