import t from 'tap';
import { createEndpoint } from '../../../src/services/events/endpoints.js';
import { Webhook } from 'standardwebhooks';
import { adminHeaders, build } from '../../helpers/build.js';
import { exchangeBody, makeLink, makeMethod, makePartner } from '../../helpers/ledger-factory.js';
import { startReceiver } from '../../helpers/receiver.js';

const json = (payload: unknown) => ({ headers: adminHeaders, payload: payload as Record<string, unknown> });

t.test('webhooks › exchange, reward and payout events reach the operator\'s endpoint, signed, in order', async (t) => {
  const receiver = await startReceiver(t);
  const app = await build(t, { webhookAllowHosts: ['127.0.0.1'] });
  const created = await app.inject({ method: 'POST', url: '/admin/webhooks', ...json({ url: `${receiver.url}/hooks` }) });
  t.equal(created.statusCode, 201);
  const endpoint = created.json();
  t.match(endpoint.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
  t.same(endpoint.events, ['exchange.created', 'exchange.updated', 'reward.accrued', 'reward.reversed', 'payout.requested', 'payout.paid', 'payout.canceled']);
  const listed = (await app.inject({ method: 'GET', url: '/admin/webhooks', headers: adminHeaders })).json().items;
  t.equal(listed[0].secret, undefined, 'the secret is shown once');

  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await makeLink(app.repos, partner.id, 'HOOKED');
  t.equal((await app.inject({ method: 'POST', url: '/admin/exchanges', ...json(exchangeBody({ ref_code: 'HOOKED', status: 'pending' })) })).statusCode, 201);
  t.equal((await app.inject({ method: 'POST', url: '/admin/exchanges', ...json(exchangeBody({ ref_code: 'HOOKED', status: 'success' })) })).statusCode, 200);
  const method = await makeMethod(app.repos);
  const payout = await app.inject({ method: 'POST', url: '/admin/payouts', ...json({ partner_id: partner.id, method_id: method.id, account: 'U123' }) });
  t.equal(payout.statusCode, 201, payout.body);

  while (await app.eventDelivery.runNow() > 0) { /* in order: one per endpoint per round */ }
  const verifier = new Webhook(endpoint.secret);
  const delivered = receiver.received.map((r) => {
    t.equal(r.method, 'POST');
    t.equal(r.url, '/hooks');
    t.equal(r.headers['content-type'], 'application/json');
    // Verified by the Standard Webhooks library, not by ratelink's own code.
    return verifier.verify(r.body, { 'webhook-id': r.headers['webhook-id'] as string, 'webhook-timestamp': r.headers['webhook-timestamp'] as string, 'webhook-signature': r.headers['webhook-signature'] as string }) as { type: string; data: Record<string, unknown> };
  });
  t.same(delivered.map((d) => d.type), ['exchange.created', 'exchange.updated', 'reward.accrued', 'payout.requested']);
  t.match(delivered[1]!.data, { external_id: 'ex-1', status: 'success', partner_id: partner.id, reward: '10', cur_from: 'PMUSD', cur_to: 'BTC' });
  t.same(delivered[2]!.data, { exchange_id: delivered[1]!.data.id, external_id: 'ex-1', partner_id: partner.id, amount: '10', currency: 'USD' });
  t.match(delivered[3]!.data, { partner_id: partner.id, amount: '10', status: 'pending' });
  t.notOk(JSON.stringify(delivered).includes('user_hash'), 'no visitor ids in events');
  t.same(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size, 4, 'one id per event');

  const log = (await app.inject({ method: 'GET', url: `/admin/webhooks/${endpoint.id}/deliveries`, headers: adminHeaders })).json().items;
  t.same(log.map((d: { status: string }) => d.status), ['delivered', 'delivered', 'delivered', 'delivered']);

  // Replay of one event: the same webhook-id again, so the receiver can tell it is a repeat.
  const replayed = await app.inject({ method: 'POST', url: `/admin/webhooks/${endpoint.id}/replay`, ...json({ event_id: log.at(-1).event_id }) });
  t.same(replayed.json(), { queued: 1 });
  await app.eventDelivery.runNow();
  t.equal(receiver.received.length, 5);
  t.equal(receiver.received[4]!.headers['webhook-id'], receiver.received[0]!.headers['webhook-id']);
});

t.test('webhooks › a rolled-back change leaves no event; only committed changes are told', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos);
  const { recordEvents } = await import('../../../src/services/events/outbox.js');
  await t.rejects(app.repos.transaction(async (tx) => {
    await recordEvents(tx, [{ type: 'payout.requested', partnerId: partner.id, data: {} }], 100);
    throw new Error('the change fails after its event was written');
  }));
  t.same(await app.repos.events.listEvents({ partnerId: null, from: 0, to: 2 ** 31, limit: 10 }), []);
  // A refused payout (no balance) writes no event either.
  const method = await makeMethod(app.repos);
  t.equal((await app.inject({ method: 'POST', url: '/admin/payouts', ...json({ partner_id: partner.id, method_id: method.id, account: 'U1' }) })).statusCode, 422);
  t.same(await app.repos.events.listEvents({ partnerId: null, from: 0, to: 2 ** 31, limit: 10 }), []);
});

t.test('webhooks › bad endpoints are refused with the field named', async (t) => {
  const app = await build(t);
  for (const [payload, message] of [
    [{ url: 'ftp://example.com/x' }, /only http and https/],
    [{ url: 'https://user:pw@example.com/x' }, /no user name or password/],
    [{ url: 'not a url' }, /not a URL/],
    [{ url: 'https://example.com/x', events: ['exchange.deleted'] }, /events: expected a list of/],
    [{ url: 'https://example.com/x', events: [] }, /events: expected a list of/],
    [{ url: 'http://127.0.0.1:8080/hook' }, /url: an internal address/],
    [{ url: 'http://192.168.10.5/hook' }, /url: an internal address/],
    [{ url: 'http://localhost/hook' }, /url: an internal address/],
  ] as const) {
    const res = await app.inject({ method: 'POST', url: '/admin/webhooks', ...json(payload) });
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.match(res.json().error.message, message);
  }
  t.equal((await app.inject({ method: 'PATCH', url: '/admin/webhooks/99', ...json({ enabled: false }) })).statusCode, 404);
  const created = (await app.inject({ method: 'POST', url: '/admin/webhooks', ...json({ url: 'https://hooks.example.com/x' }) })).json();
  const moved = await app.inject({ method: 'PATCH', url: `/admin/webhooks/${created.id}`, ...json({ url: 'http://10.0.0.7/x' }) });
  t.equal(moved.statusCode, 400, 'nor moved to one');
});

t.test('webhooks › RATELINK_WEBHOOK_ALLOW_HOSTS lets the operator name its internal receiver; partners still may not', async (t) => {
  const app = await build(t, { webhookAllowHosts: ['127.0.0.1:8080'] });
  t.equal((await app.inject({ method: 'POST', url: '/admin/webhooks', ...json({ url: 'http://127.0.0.1:8080/hook' }) })).statusCode, 201);
  t.equal((await app.inject({ method: 'POST', url: '/admin/webhooks', ...json({ url: 'http://127.0.0.1:9090/hook' }) })).statusCode, 400, 'another port is not listed');
  const partner = await makePartner(app.repos);
  await t.rejects(createEndpoint(app.repos, app.config, partner.id, 'webhook', { url: 'http://127.0.0.1:8080/hook' }, 1), /internal address/, 'a partner\'s endpoint');
});

t.test('webhooks › a period replay finds the endpoint\'s events behind 10,000 it does not take; a period of more than 10,000 is refused, not cut', async (t) => {
  const app = await build(t);
  const endpoint = (await app.inject({ method: 'POST', url: '/admin/webhooks', ...json({ url: 'https://hooks.example.com/x', events: ['payout.paid'] }) })).json();
  // A busy day of clicks another endpoint subscribed to, then the payout this one takes.
  await app.repos.transaction(async (tx) => {
    for (let i = 0; i < 10_000; i++) await tx.events.insertEvent({ type: 'click.created', partnerId: null, data: '{}', createdAt: 1000 });
    await tx.events.insertEvent({ type: 'payout.paid', partnerId: null, data: '{}', createdAt: 1000 });
  });
  // Counts the rows the replay reads: the clicks it cannot take should stay in the database.
  const listEvents = app.repos.events.listEvents.bind(app.repos.events);
  let read = 0;
  app.repos.events.listEvents = async (q) => { const rows = await listEvents(q); read += rows.length; return rows; };
  const replayed = await app.inject({ method: 'POST', url: `/admin/webhooks/${endpoint.id}/replay`, ...json({ from: 0, to: 2000 }) });
  t.equal(replayed.statusCode, 202);
  t.same(replayed.json(), { queued: 1 });
  t.equal(read, 1, 'only the events of the types it takes were read');
  t.equal((await app.repos.events.listDeliveries(endpoint.id, 10)).length, 1);

  const all = (await app.inject({ method: 'POST', url: '/admin/webhooks', ...json({ url: 'https://hooks.example.com/y', events: ['click.created', 'payout.paid'] }) })).json();
  const tooMany = await app.inject({ method: 'POST', url: `/admin/webhooks/${all.id}/replay`, ...json({ from: 0, to: 2000 }) });
  t.equal(tooMany.statusCode, 400);
  t.match(tooMany.json().error.message, /10000/);
  t.equal((await app.repos.events.listDeliveries(all.id, 10)).length, 0, 'nothing queued');
});

t.test('webhooks › events of a pause wait for the endpoint, as the docs and the cabinet say, and go once it is enabled', async (t) => {
  const receiver = await startReceiver(t);
  const app = await build(t, { webhookAllowHosts: ['127.0.0.1'] });
  const endpoint = (await app.inject({ method: 'POST', url: '/admin/webhooks', ...json({ url: `${receiver.url}/hooks` }) })).json();
  t.match((await app.inject({ method: 'PATCH', url: `/admin/webhooks/${endpoint.id}`, ...json({ enabled: false }) })).json(), { enabled: false, disabled_reason: 'operator' });
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await makeLink(app.repos, partner.id, 'PAUSED');
  t.equal((await app.inject({ method: 'POST', url: '/admin/exchanges', ...json(exchangeBody({ ref_code: 'PAUSED', status: 'pending' })) })).statusCode, 201);
  t.equal(await app.eventDelivery.runNow(), 0, 'nothing is sent while paused');
  await app.inject({ method: 'PATCH', url: `/admin/webhooks/${endpoint.id}`, ...json({ enabled: true }) });
  await app.eventDelivery.runNow();
  t.same(receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type), ['exchange.created']);
});

t.test('webhooks › DELETE /admin/webhooks/:id removes an endpoint the operator no longer wants (its waiting events with it)', async (t) => {
  const app = await build(t);
  const endpoint = (await app.inject({ method: 'POST', url: '/admin/webhooks', ...json({ url: 'https://hooks.example.com/old' }) })).json();
  await app.inject({ method: 'PATCH', url: `/admin/webhooks/${endpoint.id}`, ...json({ enabled: false }) });
  const method = await makeMethod(app.repos);
  const partner = await makePartner(app.repos);
  await app.inject({ method: 'POST', url: '/admin/payouts', ...json({ partner_id: partner.id, method_id: method.id, account: 'U1' }) });
  await app.repos.transaction(async (tx) => {
    const { recordEvents } = await import('../../../src/services/events/outbox.js');
    await recordEvents(tx, [{ type: 'payout.paid', partnerId: partner.id, data: {} }], 100);
  });
  t.equal(await app.repos.events.pendingCount(), 1, 'waiting for the disabled endpoint');
  const deleted = await app.inject({ method: 'DELETE', url: `/admin/webhooks/${endpoint.id}`, headers: adminHeaders });
  t.equal(deleted.statusCode, 204);
  t.same((await app.inject({ method: 'GET', url: '/admin/webhooks', headers: adminHeaders })).json().items, []);
  t.equal(await app.repos.events.pendingCount(), 0);
  t.equal((await app.inject({ method: 'DELETE', url: `/admin/webhooks/${endpoint.id}`, headers: adminHeaders })).statusCode, 404);
});

t.test('webhooks › 25 endpoints created at once: 10 created, the rest refused, never an 11th', async (t) => {
  const app = await build(t);
  const create = (i: number) => app.inject({ method: 'POST', url: '/admin/webhooks', ...json({ url: `https://hooks.example.com/${i}` }) });
  const statuses = (await Promise.all(Array.from({ length: 25 }, (_, i) => create(i)))).map((res) => res.statusCode);
  t.equal(statuses.filter((status) => status === 201).length, 10);
  t.equal(statuses.filter((status) => status === 400).length, 15);
  t.equal((await app.inject({ method: 'GET', url: '/admin/webhooks', headers: adminHeaders })).json().items.length, 10);
});
