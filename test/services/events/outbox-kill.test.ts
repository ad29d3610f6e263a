// The outbox across a crash, with real processes: a ratelink server (this branch's sources,
// bundled) acknowledges an exchange report, starts delivering its event to a receiver on
// 127.0.0.1 that holds the request unanswered, and is killed with SIGKILL mid-delivery. A new
// process on the same database delivers the event once the dead one's claim has lapsed, with
// the same webhook-id, so the receiver, deduplicating on it, processes it exactly once.
// SQLite file by default; the PostgreSQL schema of RATELINK_TEST_DATABASE_URL when set.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { admin, startInstance, type Instance } from '../../../bench/instances.js';
import { bundledCommand } from '../../helpers/bundle.js';
import { exchangeBody } from '../../helpers/ledger-factory.js';
import { createTestSchema, PG_TEST_URL } from '../../helpers/pg.js';

// Two server starts and a lapsed claim: longer than tap's default per-file limit.
t.setTimeout(240_000);

const SERVER = await bundledCommand('server');

/** A receiver that holds the first request it gets and answers 200 to the rest; it processes each webhook-id once. */
async function holdingReceiver(t: Test) {
  const seen: string[] = [];
  const processed: Array<{ id: string; type: string }> = [];
  const held: ServerResponse[] = [];
  let firstArrived: () => void;
  const first = new Promise<void>((resolve) => { firstArrived = resolve; });
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      seen.push(id);
      if (seen.length === 1) { held.push(response); firstArrived(); return; }
      if (!processed.some((p) => p.id === id)) processed.push({ id, type: (JSON.parse(body) as { type: string }).type });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { seen, processed, first, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

t.test('kill -9 between the acknowledged exchange and its delivery: delivered after restart, processed once', { timeout: 180_000 }, async (t) => {
  const receiver = await holdingReceiver(t);
  const schema = PG_TEST_URL ? await createTestSchema() : null;
  t.teardown(async () => { await schema?.drop(); });
  const env = {
    ...(schema ? { RATELINK_DATABASE_URL: schema.url, RATELINK_DATABASE_POOL_SIZE: '2' } : { RATELINK_DB: join(t.testdir(), 'ratelink.db') }),
    // The held request outlasts the timeout; a claim lapses 15 s after it.
    RATELINK_WEBHOOK_ALLOW_HOSTS: '127.0.0.1', RATELINK_WEBHOOK_TIMEOUT: '2', RATELINK_CLICK_IP_LIMIT: '0',
  };
  const start = () => startInstance(env, 60_000, SERVER);
  let first: Instance | null = await start();
  t.teardown(async () => { await first?.stop('SIGKILL'); });

  const endpoint = (await admin(first.url, 'POST', '/admin/webhooks', { url: receiver.url, events: ['exchange.created', 'reward.accrued'] })).body as { id: number };
  const partner = (await admin(first.url, 'POST', '/admin/partners', { name: 'Crash', email: 'crash@example.test', reward_percent: '10' })).body as { id: number };
  await admin(first.url, 'POST', `/admin/partners/${partner.id}/links`, { code: 'CRASH1' });
  const reported = await admin(first.url, 'POST', '/admin/exchanges', exchangeBody({ external_id: 'crash-1', ref_code: 'CRASH1' }));
  t.equal(reported.status, 201, 'the exchange is acknowledged');

  await receiver.first; // the delivery is in flight, unanswered
  t.equal(await first.stop('SIGKILL'), 'SIGKILL');
  first = null;

  const second = await start();
  t.teardown(async () => { await second.stop('SIGKILL'); });
  const exchange = await admin(second.url, 'GET', `/admin/exchanges/${(reported.body as { id: number }).id}`, undefined);
  t.match(exchange, { status: 200, body: { external_id: 'crash-1', status: 'success' } }, 'the acknowledged exchange survived');
  const deadline = Date.now() + 90_000;
  while (receiver.processed.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));

  t.same(receiver.processed.map((p) => p.type), ['exchange.created', 'reward.accrued'], 'each event processed once, in order');
  t.equal(receiver.seen[0], receiver.processed[0]!.id, 'the redelivery carries the webhook-id of the interrupted one');
  t.equal(receiver.seen.filter((id) => id === receiver.seen[0]).length, 2, 'sent twice, deduplicated by the receiver');
  const log = (await admin(second.url, 'GET', `/admin/webhooks/${endpoint.id}/deliveries`, undefined)).body as { items: Array<{ status: string }> };
  t.same(log.items.map((d) => d.status), ['delivered', 'delivered']);
});
