// GET /ref/:code and the opt-in click.created event: written with the click batch only when an
// endpoint names it; a partner's endpoint gets only that partner's clicks, the IP masked.
import t from 'tap';
import { Webhook } from 'standardwebhooks';
import type { FastifyInstance } from 'fastify';
import { adminHeaders, build } from '../../helpers/build.js';
import { makeLink } from '../../helpers/ledger-factory.js';
import { startReceiver } from '../../helpers/receiver.js';
import { CHROME_UA } from '../../helpers/referral.js';
import { signedIn } from '../../helpers/rest-api.js';

const visit = (app: FastifyInstance, url: string, remoteAddress: string) => app.inject({ url, remoteAddress, headers: { 'user-agent': CHROME_UA } });
const allEvents = (app: FastifyInstance) => app.repos.events.listEvents({ partnerId: null, from: 0, to: 2 ** 31, limit: 100 });

t.test('GET /ref/:code › no endpoint names click.created: no event is written', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const a = await signedIn(app);
  await makeLink(app.repos, a.partner.id, 'alpha1');
  await app.inject({ method: 'POST', url: '/admin/webhooks', headers: adminHeaders, payload: { url: 'https://hooks.example.com/all' } });
  t.equal((await visit(app, '/ref/alpha1/', '203.0.113.77')).statusCode, 302);
  t.same(await allEvents(app), [], 'the default subscription leaves clicks out');
});

t.test('GET /ref/:code › click.created reaches the partner\'s subscribed endpoint only, IP masked, and the operator\'s', async (t) => {
  const receiver = await startReceiver(t);
  const app = await build(t, { siteUrl: 'https://exchanger.example', webhookAllowHosts: ['127.0.0.1'], partnerWebhookAllowHosts: ['127.0.0.1'] });
  const a = await signedIn(app);
  const b = await signedIn(app);
  await makeLink(app.repos, a.partner.id, 'alpha1');
  await makeLink(app.repos, b.partner.id, 'bravo1');
  const subscribe = async (s: typeof a, path: string) =>
    (await app.inject({ method: 'POST', url: '/api/webhooks/', headers: s.headers, payload: { url: `${receiver.url}${path}`, events: ['click.created'] } })).json();
  const hookA = await subscribe(a, '/a');
  const hookB = await subscribe(b, '/b');
  const operator = (await app.inject({ method: 'POST', url: '/admin/webhooks', headers: adminHeaders, payload: { url: `${receiver.url}/op`, events: ['click.created'] } })).json();

  await visit(app, `/ref/alpha1/?sub1=${encodeURIComponent('spring sale')}`, '203.0.113.77');
  await visit(app, '/ref/alpha1/', '2001:db8:1234:5678::1');
  await visit(app, '/ref/nobody1/', '198.51.100.9');
  while (await app.eventDelivery.runNow() > 0) { /* drain */ }

  const bodies = (path: string, secret: string) => receiver.received.filter((r) => r.url === path).map((r) =>
    new Webhook(secret).verify(r.body, { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) }) as { type: string; data: Record<string, unknown> });
  const toA = bodies('/a', hookA.secret);
  t.same(toA.map((e) => e.type), ['click.created', 'click.created']);
  t.match(toA[0]!.data, { partner_id: a.partner.id, ip: '203.0.113.0', browser: 'Chrome', is_bot: false, is_repeat: false, sub_ids: { sub1: 'spring sale', sub2: null } });
  t.equal(toA[1]!.data.ip, '2001:db8:1234::', 'an IPv6 address as its /48');
  t.type(toA[0]!.data.id, 'number');
  t.notMatch(JSON.stringify(toA), /user_hash|203\.0\.113\.77|5678/, 'no visitor id, no whole address');
  t.same(bodies('/b', hookB.secret), [], 'another partner\'s clicks never reach B');
  const toOperator = bodies('/op', operator.secret);
  t.same(toOperator.map((e) => e.data.id), toA.map((e) => e.data.id), 'the operator\'s endpoint gets every stored click (an unknown code stores none)');
  t.equal((await allEvents(app)).length, 2, 'one event per click, however many endpoints take it');
});

t.test('GET /ref/:code › a disabled subscriber writes nothing', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const a = await signedIn(app);
  await makeLink(app.repos, a.partner.id, 'alpha1');
  const hook = (await app.inject({ method: 'POST', url: '/api/webhooks/', headers: a.headers, payload: { url: 'https://hooks.example.com/a', events: ['click.created'] } })).json();
  await app.inject({ method: 'PATCH', url: `/api/webhooks/${hook.id}/`, headers: a.headers, payload: { enabled: false } });
  await visit(app, '/ref/alpha1/', '203.0.113.77');
  t.same(await allEvents(app), []);
});
