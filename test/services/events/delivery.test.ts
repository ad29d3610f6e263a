import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { build } from '../../helpers/build.js';
import { startReceiver } from '../../helpers/receiver.js';
import { makePartner } from '../../helpers/ledger-factory.js';
import { createEndpoint, replay } from '../../../src/services/events/endpoints.js';
import { recordEvents } from '../../../src/services/events/outbox.js';
import { expandPostback } from '../../../src/services/events/postback.js';
import { deliverDue, drain, RETRY_SCHEDULE, type WorkerDeps } from '../../../src/services/events/worker.js';
import { sendOutbound } from '../../../src/services/events/outbound-http.js';

// Endpoints on this machine's receivers may be created; whether they are called is the worker's policy.
const OPEN = { webhookAllowHosts: ['127.0.0.1'], partnerWebhookAllowHosts: ['127.0.0.1'] };
const policy = (allowHosts: string[] = []) => ({ allowHosts, timeoutMs: 2000, maxResponseBytes: 1024 });

async function setup(t: Test, statuses: number[], disableAfter = 20) {
  const receiver = await startReceiver(t, statuses);
  const app = await build(t);
  // A day ahead of the real clock: the app's own worker (real time) never finds these due.
  let clock = Math.floor(Date.now() / 1000) + 86_400;
  const deps: WorkerDeps = { repos: app.repos, policy: policy(['127.0.0.1']), partnerPolicy: policy(), disableAfter, leaseSeconds: 60, now: () => clock };
  const endpoint = await createEndpoint(app.repos, OPEN, null, 'webhook', { url: receiver.url }, clock);
  const emit = (n: number) => app.repos.transaction((tx) => recordEvents(tx, [{ type: 'payout.paid', partnerId: null, data: { n } }], clock));
  return { app, receiver, deps, endpoint, emit, advance: (s: number) => { clock += s; } };
}

t.test('retries on the backoff schedule until the receiver recovers; later events wait behind, in order', async (t) => {
  const { app, receiver, deps, endpoint, emit, advance } = await setup(t, [500, 503, 200]);
  await emit(1);
  await emit(2);
  t.equal(await deliverDue(deps), 1, 'only the head of the endpoint\'s queue');
  t.equal(await deliverDue(deps), 0, 'not due before its retry time');
  advance(RETRY_SCHEDULE[0]! - 1);
  t.equal(await deliverDue(deps), 0);
  advance(1);
  t.equal(await deliverDue(deps), 1, 'second attempt after 5 s');
  advance(RETRY_SCHEDULE[1]!);
  t.equal(await deliverDue(deps), 1, 'third attempt after 5 min');
  t.equal(await deliverDue(deps), 1, 'then the next event');
  t.same(receiver.received.map((r) => JSON.parse(r.body).data.n), [1, 1, 1, 2]);
  const [second, first] = await app.repos.events.listDeliveries(endpoint.id, 10);
  t.match(first, { status: 'delivered', attempts: 3, lastStatus: 200, lastError: null });
  t.match(second, { status: 'delivered', attempts: 1 });
  t.equal((await app.repos.events.findEndpoint(endpoint.id))!.consecutiveFailures, 0, 'a success resets the count');
});

t.test('410 Gone disables the endpoint at once; repeated failures disable it after the configured count', async (t) => {
  const gone = await setup(t, [410]);
  await gone.emit(1);
  await deliverDue(gone.deps);
  t.match(await gone.app.repos.events.findEndpoint(gone.endpoint.id), { enabled: false, disabledReason: 'gone' });
  await gone.emit(2);
  gone.advance(100_000);
  t.equal(await deliverDue(gone.deps), 0, 'a disabled endpoint gets nothing');

  const failing = await setup(t, [500], 2);
  await failing.emit(1);
  await deliverDue(failing.deps);
  failing.advance(RETRY_SCHEDULE[0]!);
  await deliverDue(failing.deps);
  t.match(await failing.app.repos.events.findEndpoint(failing.endpoint.id), { enabled: false, disabledReason: 'failing', consecutiveFailures: 2 });
  t.equal(failing.receiver.received.length, 2);
});

t.test('enabling an endpoint that failing disabled sends its queue at once, not at the retry hours away', async (t) => {
  const { app, receiver, deps, endpoint, emit, advance } = await setup(t, [500, 500, 500, 500, 200], 4);
  await emit(1);
  for (let i = 0; i < 4; i++) {
    if (i > 0) advance(RETRY_SCHEDULE[i - 1]!);
    t.equal(await deliverDue(deps), 1);
  }
  t.match(await app.repos.events.findEndpoint(endpoint.id), { enabled: false, disabledReason: 'failing' });
  advance(60);
  const { updateEndpoint } = await import('../../../src/services/events/endpoints.js');
  await updateEndpoint(app.repos, OPEN, null, endpoint.id, { enabled: true }, deps.now());
  t.equal(await deliverDue(deps), 1, 'the receiver was fixed: the operator expects the queue to move now');
  t.equal(receiver.received.length, 5);
  t.match((await app.repos.events.listDeliveries(endpoint.id, 1))[0], { status: 'delivered' });
});

t.test('gives up after the last retry (about a day and a half), marked failed', async (t) => {
  const { app, deps, endpoint, emit, advance } = await setup(t, [500]);
  await emit(1);
  for (let i = 0; i <= RETRY_SCHEDULE.length; i++) {
    t.equal(await deliverDue(deps), 1);
    advance(RETRY_SCHEDULE[i] ?? 0);
  }
  t.equal(await deliverDue(deps), 0);
  t.match((await app.repos.events.listDeliveries(endpoint.id, 1))[0], { status: 'failed', attempts: RETRY_SCHEDULE.length + 1, lastError: 'HTTP 500' });
  t.equal(RETRY_SCHEDULE.reduce((a, b) => a + b), 99_305, '5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h');
});

t.test('SSRF: loopback, private, link-local and metadata addresses are refused, by literal or by name; redirects are not followed', async (t) => {
  const receiver = await startReceiver(t);
  for (const url of [
    receiver.url, `http://localhost:${receiver.port}/`, 'http://[::1]/', 'http://169.254.169.254/latest/meta-data/',
    'http://10.1.2.3/', 'http://192.168.0.1/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/', 'http://[fd00::1]/',
  ]) {
    const result = await sendOutbound({ method: 'POST', url, headers: {}, body: '{}' }, policy());
    t.match(result, { refused: true }, url);
  }
  t.equal(receiver.received.length, 0, 'nothing reached the receiver');
  t.match(await sendOutbound({ method: 'GET', url: 'file:///etc/passwd', headers: {} }, policy()), { error: 'only http and https URLs', refused: true });

  const target = await startReceiver(t);
  const redirecting = await startReceiver(t, [302], { location: `${target.url}/internal` });
  t.same(await sendOutbound({ method: 'POST', url: redirecting.url, headers: {}, body: '{}' }, policy(['127.0.0.1'])), { status: 302 });
  t.equal(target.received.length, 0, 'the redirect was not followed');
});

t.test('SSRF: a public-looking name that resolves to 10.x is refused after resolution, before any connection', async (t) => {
  const asked: string[] = [];
  const outbound = await t.mockImport<typeof import('../../../src/services/events/outbound-http.js')>('../../../src/services/events/outbound-http.js', {
    'node:dns': {
      lookup: (hostname: string, _options: object, callback: (e: null, a: Array<{ address: string; family: number }>) => void) => {
        asked.push(hostname);
        callback(null, [{ address: '10.20.30.40', family: 4 }]);
      },
    },
  });
  const result = await outbound.sendOutbound({ method: 'POST', url: 'http://tracker.partner.example/pb', headers: {}, body: '{}' }, policy());
  t.match(result, { refused: true, error: 'tracker.partner.example resolves to an internal address' });
  // The error is the partner's delivery log: the operator's internal addresses stay unknown to them.
  t.notMatch((result as { error: string }).error, /10\.20/, 'the internal address is not told');
  t.same(asked, ['tracker.partner.example'], 'checked on the resolved address');
});

t.test('SSRF: 0.0.0.0 in any spelling (IPv4-mapped, by name) is refused: the kernel connects it to this machine', async (t) => {
  const receiver = await startReceiver(t);
  for (const url of [`http://[::ffff:0.0.0.0]:${receiver.port}/`, `http://[::ffff:0:0]:${receiver.port}/`, `http://0.0.0.0:${receiver.port}/`]) {
    t.match(await sendOutbound({ method: 'POST', url, headers: {}, body: '{}' }, policy()), { refused: true }, url);
  }
  t.equal(receiver.received.length, 0, 'nothing reached the receiver');
  let address = '';
  const outbound = await t.mockImport<typeof import('../../../src/services/events/outbound-http.js')>('../../../src/services/events/outbound-http.js', {
    'node:dns': {
      lookup: (_hostname: string, _options: object, callback: (e: null, a: Array<{ address: string; family: number }>) => void) => {
        callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
      },
    },
  });
  for (address of ['::ffff:0.0.0.0', '0.0.0.0', '0.1.2.3', '::']) {
    // A name of its own each time: a kept-alive socket to an earlier one would skip the look-up.
    const url = `http://tracker-${address.replace(/[:.]/g, '-')}.partner.example:${receiver.port}/pb`;
    t.match(await outbound.sendOutbound({ method: 'POST', url, headers: {}, body: '{}' }, policy()), { refused: true }, `a name resolving to ${address}`);
  }
  t.equal(receiver.received.length, 0);
});

t.test('SSRF: an internal IPv4 address behind the NAT64 prefix (64:ff9b::/96) is refused; a public one is not', async (t) => {
  for (const url of ['http://[64:ff9b::a9fe:a9fe]/latest/meta-data/', 'http://[64:ff9b::10.1.2.3]/', 'http://[64:ff9b::127.0.0.1]/']) {
    t.match(await sendOutbound({ method: 'POST', url, headers: {}, body: '{}' }, policy()), { refused: true }, url);
  }
  const outbound = await t.mockImport<typeof import('../../../src/services/events/outbound-http.js')>('../../../src/services/events/outbound-http.js', {
    'node:dns': {
      lookup: (_hostname: string, _options: object, callback: (e: null, a: Array<{ address: string; family: number }>) => void) => {
        callback(null, [{ address: '64:ff9b::c0a8:101', family: 6 }]);
      },
    },
  });
  t.match(await outbound.sendOutbound({ method: 'GET', url: 'http://dns64.partner.example/', headers: {} }, policy()), { refused: true }, 'a DNS64 answer for 192.168.1.1');
  t.notOk(/internal/.test(JSON.stringify(await sendOutbound({ method: 'GET', url: 'http://[64:ff9b::cb00:7101]:9/', headers: {} }, { ...policy(), timeoutMs: 200 }))), '203.0.113.1 behind NAT64 is not internal');
});

t.test('postback macros are URL-encoded', async (t) => {
  const url = expandPostback('https://tracker.example/pb?subid={sub1}&status={status}&payout={reward}&tid={exchange_id}&x={unknown}', {
    id: 42, status: 'success', reward: '1.5', sub_ids: { sub1: 'a&b c/ü=1' },
  });
  t.equal(url, 'https://tracker.example/pb?subid=a%26b%20c%2F%C3%BC%3D1&status=success&payout=1.5&tid=42&x={unknown}');
});

t.test('a slow receiver does not hold up the other endpoints: their queues keep moving while it is awaited', async (t) => {
  const started = performance.now();
  const arrived: Array<{ n: number; ms: number }> = [];
  const listen = async (answer: (body: string, response: ServerResponse) => void) => {
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      request.on('end', () => answer(body, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.teardown(() => { server.closeAllConnections(); server.close(); });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  };
  const slowUrl = await listen((_body, response) => setTimeout(() => response.end('ok'), 1500));
  const fastUrl = await listen((body, response) => {
    arrived.push({ n: (JSON.parse(body) as { data: { n: number } }).data.n, ms: performance.now() - started });
    response.end('ok');
  });
  const app = await build(t);
  const clock = Math.floor(Date.now() / 1000) + 86_400;
  const deps: WorkerDeps = { repos: app.repos, policy: policy(['127.0.0.1']), partnerPolicy: policy(), disableAfter: 20, leaseSeconds: 60, now: () => clock };
  await createEndpoint(app.repos, OPEN, null, 'webhook', { url: slowUrl, events: ['payout.requested'] }, clock);
  await createEndpoint(app.repos, OPEN, null, 'webhook', { url: fastUrl, events: ['payout.paid'] }, clock);
  await app.repos.transaction((tx) => recordEvents(tx, [{ type: 'payout.requested', partnerId: null, data: {} }], clock));
  for (let n = 1; n <= 5; n++) await app.repos.transaction((tx) => recordEvents(tx, [{ type: 'payout.paid', partnerId: null, data: { n } }], clock));
  const draining = performance.now() - started;
  t.equal(await drain(deps), 6);
  t.same(arrived.map((a) => a.n), [1, 2, 3, 4, 5], 'in order');
  const last = arrived.at(-1)!.ms - draining;
  t.ok(last < 1000, `the fast endpoint's five events arrived within ${Math.round(last)} ms, not one per slow answer`);
});

t.test('closing the app stops claiming: the delivery in flight finishes, the rest stay queued for another instance', async (t) => {
  const received: number[] = [];
  const slow = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => setTimeout(() => { received.push((JSON.parse(body) as { data: { n: number } }).data.n); response.end('ok'); }, 200));
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { slow.closeAllConnections(); slow.close(); });
  const app = await build(t, { webhookAllowHosts: ['127.0.0.1'] });
  const now = Math.floor(Date.now() / 1000);
  await createEndpoint(app.repos, OPEN, null, 'webhook', { url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/` }, now);
  for (let n = 1; n <= 10; n++) await app.repos.transaction((tx) => recordEvents(tx, [{ type: 'payout.paid', partnerId: null, data: { n } }], now));
  void app.eventDelivery.runNow();
  while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  await app.close();
  t.ok(performance.now() - started < 1000, `closed in ${Math.round(performance.now() - started)} ms`);
  t.ok(received.length <= 2, `${received.length} delivered, not the whole queue`);
});

t.test('the operator\'s allowlist opens its internal receiver to its own endpoints, never to a partner\'s', async (t) => {
  const receiver = await startReceiver(t);
  const app = await build(t, { webhookAllowHosts: ['127.0.0.1'] });
  const partner = await makePartner(app.repos);
  const now = Math.floor(Date.now() / 1000);
  await createEndpoint(app.repos, OPEN, null, 'webhook', { url: `${receiver.url}/operator`, events: ['payout.paid'] }, now);
  const partners = await createEndpoint(app.repos, OPEN, partner.id, 'webhook', { url: `${receiver.url}/partner`, events: ['payout.paid'] }, now);
  const postback = await createEndpoint(app.repos, OPEN, partner.id, 'postback', { url: `${receiver.url}/postback?id={exchange_id}`, events: ['exchange.created'] }, now);
  await app.repos.transaction((tx) => recordEvents(tx, [
    { type: 'payout.paid', partnerId: partner.id, data: {} },
    { type: 'exchange.created', partnerId: partner.id, data: { external_id: 'ex-7' } },
  ], now));
  while (await app.eventDelivery.runNow() > 0) { /* until nothing is due */ }
  t.same(receiver.received.map((r) => r.url), ['/operator'], 'only the operator\'s endpoint reached the internal receiver');
  for (const endpoint of [partners, postback]) {
    const [delivery] = await app.repos.events.listDeliveries(endpoint.id, 1);
    t.match(delivery, { status: 'failed', lastError: /internal address/ }, `${endpoint.kind}: refused, and the partner's log says why`);
  }
});

t.test('RATELINK_PARTNER_WEBHOOK_ALLOW_HOSTS opens a receiver to partners\' endpoints (a test or staging set-up)', async (t) => {
  const receiver = await startReceiver(t);
  const app = await build(t, { partnerWebhookAllowHosts: ['127.0.0.1'] });
  const partner = await makePartner(app.repos);
  const now = Math.floor(Date.now() / 1000);
  await createEndpoint(app.repos, OPEN, partner.id, 'webhook', { url: `${receiver.url}/partner`, events: ['payout.paid'] }, now);
  await app.repos.transaction((tx) => recordEvents(tx, [{ type: 'payout.paid', partnerId: partner.id, data: {} }], now));
  while (await app.eventDelivery.runNow() > 0) { /* until nothing is due */ }
  t.same(receiver.received.map((r) => r.url), ['/partner']);
});

t.test('a replay asked for while the delivery is in flight is kept: the attempt\'s outcome does not overwrite it', async (t) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  const answers: number[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      // The first attempt waits until the replay is queued, then fails; the replay's succeeds.
      if (answers.length === 0) { answers.push(500); void held.then(() => response.writeHead(500).end()); } else { answers.push(200); response.end('ok'); }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { server.closeAllConnections(); server.close(); });
  const app = await build(t);
  const clock = Math.floor(Date.now() / 1000) + 86_400;
  const deps: WorkerDeps = { repos: app.repos, policy: policy(['127.0.0.1']), partnerPolicy: policy(), disableAfter: 20, leaseSeconds: 60, now: () => clock };
  const endpoint = await createEndpoint(app.repos, OPEN, null, 'webhook', { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }, clock);
  await app.repos.transaction((tx) => recordEvents(tx, [{ type: 'payout.paid', partnerId: null, data: { n: 1 } }], clock));
  // Its last retry: a failure now marks it failed for good.
  const [delivery] = await app.repos.events.listDeliveries(endpoint.id, 1);
  await app.repos.events.updateDelivery(delivery!.id, { attempts: RETRY_SCHEDULE.length });
  const attempt = deliverDue(deps);
  while (answers.length === 0) await new Promise((r) => setTimeout(r, 10));
  t.same(await replay(app.repos, null, endpoint.id, { eventId: delivery!.eventId }, clock), { queued: 1 });
  release();
  t.equal(await attempt, 1);
  t.match((await app.repos.events.listDeliveries(endpoint.id, 1))[0], { status: 'pending', attempts: 0 }, 'still the replay\'s: pending, from the first attempt');
  t.equal(await deliverDue(deps), 1, 'sent at once');
  t.same(answers, [500, 200]);
  t.match((await app.repos.events.listDeliveries(endpoint.id, 1))[0], { status: 'delivered', attempts: 1 });
});
