// The partner's own webhooks and postbacks over the REST API: each partner's endpoints get only
// that partner's events, signed (checked with the standardwebhooks package), postback macros
// URL-encoded, and another partner's ids are a NotFound.
import t from 'tap';
import { Webhook } from 'standardwebhooks';
import type { FastifyInstance } from 'fastify';
import { adminHeaders, build } from '../../helpers/build.js';
import { exchangeBody, makeLink } from '../../helpers/ledger-factory.js';
import { startReceiver, type Received } from '../../helpers/receiver.js';
import { CHROME_UA } from '../../helpers/referral.js';
import { signedIn } from '../../helpers/rest-api.js';

type Session = Awaited<ReturnType<typeof signedIn>>;
const call = (app: FastifyInstance, s: Session, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url, headers: s.headers, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });

async function drain(app: FastifyInstance) {
  while (await app.eventDelivery.runNow() > 0) { /* in order: the head of each endpoint's queue per round */ }
}

function verified(secret: string, r: Received) {
  const headers = { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) };
  return new Webhook(secret).verify(r.body, headers) as { type: string; data: Record<string, unknown> };
}

/** A visit to the partner's link with sub-ids, then an exchange of that visitor reported by the site. */
async function visitAndExchange(app: FastifyInstance, code: string, externalId: string, query: string, status = 'success') {
  const click = await app.inject({ url: `/ref/${code}/?${query}`, headers: { 'user-agent': CHROME_UA } });
  const visitor = click.cookies.find((c) => c.name === 'ratelink_uid')!.value;
  const res = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: externalId, user_hash: visitor, status }) });
  if (res.statusCode !== 201) throw new Error(res.body);
}

t.test('POST /api/webhooks/ › a partner\'s endpoint gets only their events, signed; the secret is shown once', async (t) => {
  const receiver = await startReceiver(t);
  const app = await build(t, { partnerWebhookAllowHosts: ['127.0.0.1'], siteUrl: 'https://exchanger.example' });
  const a = await signedIn(app, { reward_percent: '10' });
  const b = await signedIn(app, { reward_percent: '10' });
  await makeLink(app.repos, a.partner.id, 'alpha1');
  await makeLink(app.repos, b.partner.id, 'bravo1');

  const created = await call(app, a, 'POST', '/api/webhooks/', { url: `${receiver.url}/a` });
  t.equal(created.statusCode, 201, created.body);
  const hook = created.json();
  t.match(hook, { kind: 'webhook', url: `${receiver.url}/a`, enabled: true, failing: false, disabled_reason: null });
  t.match(hook.secret, /^whsec_/);
  t.same(hook.events, ['exchange.created', 'exchange.updated', 'reward.accrued', 'reward.reversed', 'payout.requested', 'payout.paid', 'payout.canceled']);
  const bHook = (await call(app, b, 'POST', '/api/webhooks/', { url: `${receiver.url}/b`, events: ['exchange.created'] })).json();
  const listed = (await call(app, a, 'GET', '/api/webhooks/')).json().data;
  t.same(listed.map((e: { id: number }) => e.id), [hook.id], 'only the partner\'s own');
  t.equal(listed[0].secret, undefined, 'the secret is shown once');

  await visitAndExchange(app, 'alpha1', 'ex-a', 'sub1=camp');
  await visitAndExchange(app, 'bravo1', 'ex-b', 'sub1=other');
  await drain(app);

  const toA = receiver.received.filter((r) => r.url === '/a').map((r) => verified(hook.secret, r));
  const toB = receiver.received.filter((r) => r.url === '/b').map((r) => verified(bHook.secret, r));
  t.same(toA.map((e) => e.type), ['exchange.created', 'reward.accrued']);
  t.match(toA[0]!.data, { external_id: 'ex-a', partner_id: a.partner.id, status: 'success', reward: '10', sub_ids: { sub1: 'camp', sub2: null } });
  t.type(toA[0]!.data.click_id, 'number', 'the attributed click');
  t.same(toB.map((e) => [e.type, e.data.external_id]), [['exchange.created', 'ex-b']]);
  t.notMatch(receiver.received.map((r) => r.body).join(), /user_hash|"ip"/, 'no visitor ids or addresses');

  const log = (await call(app, a, 'GET', `/api/webhooks/${hook.id}/deliveries/`)).json().data;
  t.same(log.map((d: { type: string; status: string }) => [d.type, d.status]), [['reward.accrued', 'delivered'], ['exchange.created', 'delivered']]);
  const replayed = await call(app, a, 'POST', `/api/webhooks/${hook.id}/replay/`, { event_id: log[1].event_id });
  t.same([replayed.statusCode, replayed.json()], [202, { queued: 1 }]);
  await drain(app);
  t.equal(receiver.received.filter((r) => r.url === '/a').at(-1)!.headers['webhook-id'], `evt_${log[1].event_id}`, 'a replay keeps the webhook-id');

  const rotated = (await call(app, a, 'POST', `/api/webhooks/${hook.id}/rotate-secret/`)).json();
  t.not(rotated.secret, hook.secret);
});

t.test('/api/webhooks/{id}/ › another partner\'s endpoint, event or a postback\'s id is a NotFound', async (t) => {
  const app = await build(t);
  const a = await signedIn(app);
  const b = await signedIn(app);
  const hook = (await call(app, a, 'POST', '/api/webhooks/', { url: 'https://hooks.example.com/a' })).json();
  const postback = (await call(app, a, 'POST', '/api/postbacks/', { url: 'https://tracker.example/p?s={sub1}', events: ['exchange.success'] })).json();
  for (const [method, url, payload] of [
    ['PATCH', `/api/webhooks/${hook.id}/`, { enabled: false }], ['DELETE', `/api/webhooks/${hook.id}/`],
    ['GET', `/api/webhooks/${hook.id}/deliveries/`], ['POST', `/api/webhooks/${hook.id}/replay/`, { from: 0, to: 10 }],
    ['POST', `/api/webhooks/${hook.id}/rotate-secret/`], ['PATCH', `/api/postbacks/${postback.id}/`, { enabled: false }],
    ['DELETE', `/api/postbacks/${postback.id}/`], ['GET', `/api/postbacks/${postback.id}/deliveries/`],
  ] as const) {
    const res = await call(app, b, method, url, payload);
    t.same([res.statusCode, res.json()], [404, { detail: 'Not found', code: 'NotFound' }], `${method} ${url} by another partner`);
  }
  t.equal((await call(app, a, 'DELETE', `/api/webhooks/${postback.id}/`)).statusCode, 404, 'a postback is not a webhook');
  t.equal((await call(app, a, 'PATCH', `/api/postbacks/${hook.id}/`, { enabled: false })).statusCode, 404);
  t.same((await call(app, b, 'GET', '/api/webhooks/')).json().data, []);
  t.same((await call(app, b, 'GET', '/api/postbacks/')).json().data, []);
  // An event of another partner, named by id: as unknown as a missing one.
  const bHook = (await call(app, b, 'POST', '/api/webhooks/', { url: 'https://hooks.example.com/b' })).json();
  await app.repos.transaction(async (tx) => {
    const { recordEvents } = await import('../../../src/services/events/outbox.js');
    await recordEvents(tx, [{ type: 'payout.requested', partnerId: a.partner.id, data: {} }], 100);
  });
  const [event] = await app.repos.events.listEvents({ partnerId: a.partner.id, from: 0, to: 200, limit: 1 });
  t.equal((await call(app, b, 'POST', `/api/webhooks/${bHook.id}/replay/`, { event_id: event!.id })).statusCode, 404);
  t.same((await call(app, a, 'POST', `/api/webhooks/${hook.id}/replay/`, { event_id: event!.id })).json(), { queued: 1 });
});

t.test('PATCH and DELETE /api/webhooks/{id}/ › pause, enable, delete', async (t) => {
  const app = await build(t);
  const a = await signedIn(app);
  const hook = (await call(app, a, 'POST', '/api/webhooks/', { url: 'https://hooks.example.com/a' })).json();
  const paused = await call(app, a, 'PATCH', `/api/webhooks/${hook.id}/`, { enabled: false, events: ['payout.paid', 'click.created'] });
  t.match(paused.json(), { enabled: false, disabled_reason: 'operator', events: ['payout.paid', 'click.created'] });
  t.match((await call(app, a, 'PATCH', `/api/webhooks/${hook.id}/`, { enabled: true })).json(), { enabled: true, disabled_reason: null });
  t.equal((await call(app, a, 'DELETE', `/api/webhooks/${hook.id}/`)).statusCode, 204);
  t.equal((await call(app, a, 'DELETE', `/api/webhooks/${hook.id}/`)).statusCode, 404);
  t.same((await call(app, a, 'GET', '/api/webhooks/')).json().data, []);
});

t.test('POST /api/webhooks/ and /api/postbacks/ › bad input is a ValidationError that says why', async (t) => {
  const app = await build(t);
  const a = await signedIn(app);
  for (const [url, payload, why] of [
    ['/api/webhooks/', { url: 'ftp://example.com/x' }, /only http and https/],
    ['/api/webhooks/', { url: 'https://example.com/x', events: ['nope'] }, /events/],
    ['/api/webhooks/', {}, /url/],
    ['/api/postbacks/', { url: 'https://t.example/p?x={payout}', events: ['exchange.success'] }, /unknown macro \{payout\}/],
    ['/api/postbacks/', { url: 'https://t.example/p', events: ['payout.paid'] }, /events/],
    // A sub-id comes from the visitor's URL: in the host it would let a visitor choose where ratelink sends requests.
    ['/api/postbacks/', { url: 'https://{sub1}.t.example/p', events: ['exchange.success'] }, /macros go in the path or the query/],
    ['/api/postbacks/', { url: 'https://t.example:{sub2}/p', events: ['exchange.success'] }, /macros go in the path or the query/],
    ['/api/postbacks/', { url: 'https://{sub1}?x=1', events: ['exchange.success'] }, /macros go in the path or the query/],
    ['/api/postbacks/', { url: 'https://t.example/p' }, /events/],
    // Stored as typed: a raw NUL was a 500 on PostgreSQL.
    ['/api/webhooks/', { url: 'https://h.example/a\u0000b', events: ['payout.paid'] }, /no control characters/],
    ['/api/postbacks/', { url: 'https://t.example/?a=\u0000', events: ['exchange.success'] }, /no control characters/],
  ] as const) {
    const res = await call(app, a, 'POST', url, payload);
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.equal(res.json().code, 'ValidationError');
    t.match(JSON.stringify(res.json()), why);
  }
});

t.test('postbacks › macros from the exchange and its click, URL-encoded (&, spaces, unicode)', async (t) => {
  const receiver = await startReceiver(t);
  const app = await build(t, { partnerWebhookAllowHosts: ['127.0.0.1'], siteUrl: 'https://exchanger.example' });
  const a = await signedIn(app, { reward_percent: '10' });
  await makeLink(app.repos, a.partner.id, 'alpha1');
  const template = `${receiver.url}/pb?s1={sub1}&s2={sub2}&s3={sub3}&cid={click_id}&tid={exchange_id}&st={status}&p={reward}&c={currency}&a={amount}&f={cur_from}&t={cur_to}`;
  const created = await call(app, a, 'POST', '/api/postbacks/', { url: template, events: ['exchange.success'] });
  t.equal(created.statusCode, 201, created.body);
  t.equal(created.json().secret, undefined, 'a postback has no secret');

  await visitAndExchange(app, 'alpha1', 'ex-p', `sub1=${encodeURIComponent('a&b=c d')}&sub2=${encodeURIComponent('ключ ✓')}`);
  await visitAndExchange(app, 'alpha1', 'ex-pending', 'sub1=x', 'pending');
  await drain(app);

  t.equal(receiver.received.length, 1, 'fired by the success only');
  const got = receiver.received[0]!;
  t.equal(got.method, 'GET');
  const exchange = (await app.repos.exchanges.findByExternalId('ex-p'))!;
  t.equal(got.url, `/pb?s1=a%26b%3Dc%20d&s2=%D0%BA%D0%BB%D1%8E%D1%87%20%E2%9C%93&s3=&cid=${exchange.clickId}&tid=${exchange.id}&st=success&p=10&c=USD&a=500&f=PMUSD&t=BTC`);
  const query = new URL(got.url, 'http://x').searchParams;
  t.same([query.get('s1'), query.get('s2')], ['a&b=c d', 'ключ ✓'], 'a tracker reads back what the visitor carried');
  const log = (await call(app, a, 'GET', `/api/postbacks/${created.json().id}/deliveries/`)).json().data;
  t.match(log, [{ type: 'exchange.created', status: 'delivered', last_status: 200 }]);
});

t.test('partner URLs › loopback, private, link-local and metadata addresses are refused at creation, and again at delivery', async (t) => {
  const receiver = await startReceiver(t);
  const app = await build(t); // no allowlist: what production runs
  const a = await signedIn(app, { reward_percent: '10' });
  const targets = [`${receiver.url}/x`, 'http://[::1]:9/x', 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/x', `http://localhost:${receiver.port}/x`, 'http://intranet/x'];
  for (const url of targets) {
    const refused = await call(app, a, 'POST', '/api/webhooks/', { url, events: ['payout.requested'] });
    t.equal(refused.statusCode, 400, url);
    t.match(refused.body, /internal address/, url);
  }
  t.same((await call(app, a, 'GET', '/api/webhooks/')).json().data, [], 'none created');
  t.equal((await call(app, a, 'POST', '/api/webhooks/', { url: 'https://hooks.partner.example/x', events: ['payout.requested'] })).statusCode, 201, 'a public name is fine');
  // A name may resolve to an internal address only later (DNS rebinding): deliveries check the address they connect to.
  const ids: number[] = [];
  for (const url of targets) ids.push((await app.repos.events.insertEndpoint({ partnerId: a.partner.id, kind: 'webhook', url, events: '["payout.requested"]', secret: 'whsec_x', createdAt: 1 })).id);
  await app.repos.transaction(async (tx) => {
    const { recordEvents } = await import('../../../src/services/events/outbox.js');
    await recordEvents(tx, [{ type: 'payout.requested', partnerId: a.partner.id, data: {} }], 100);
  });
  await drain(app);
  t.equal(receiver.received.length, 0, 'nothing reached the receiver on 127.0.0.1');
  for (const [i, id] of ids.entries()) {
    if (targets[i] === 'http://intranet/x') continue; // not resolvable here: a DNS error, not a refusal
    const [delivery] = (await call(app, a, 'GET', `/api/webhooks/${id}/deliveries/`)).json().data;
    t.match(delivery, { status: 'failed', attempts: 1, last_status: null }, targets[i]);
    t.match(delivery.last_error, /internal address/, targets[i]);
  }
  const listed = (await call(app, a, 'GET', '/api/webhooks/')).json().data;
  t.ok(listed.filter((e: { url: string }) => !e.url.startsWith('https://hooks.partner.example')).every((e: { failing: boolean }) => e.failing), 'each shows as failing');
});
