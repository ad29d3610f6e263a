// /partner/webhooks: the partner's webhooks and postbacks in the cabinet (en/ru): add with the
// secret shown once, the state of each (failing, disabled and why), pause, enable, delete;
// another partner's endpoint is a 404; forms need the CSRF token.
import t from 'tap';
import type { Test } from 'tap';
import { build } from '../../helpers/build.js';
import { Browser, partnerWithAccount } from '../../helpers/cabinet.js';
import { startReceiver } from '../../helpers/receiver.js';

async function signedIn(t: Test, overrides = {}) {
  const app = await build(t, overrides);
  const me = await partnerWithAccount(app, { name: 'Me' });
  const other = await partnerWithAccount(app, { name: 'Other' });
  const b = new Browser(app);
  await b.signIn(me.email, me.password);
  await b.get('/partner/webhooks');
  return { app, me, other, b };
}

t.test('GET /partner/webhooks › the page, in the navigation; anonymous goes to sign in', async (t) => {
  const { app, b } = await signedIn(t);
  const page = await b.get('/partner/webhooks');
  t.equal(page.statusCode, 200);
  t.match(page.body, /<a href="\/partner\/webhooks" aria-current="page">Webhooks &amp; postbacks<\/a>/);
  t.match(page.body, /No webhooks yet\./);
  t.match(page.body, /No postbacks yet\./);
  t.equal((await new Browser(app).get('/partner/webhooks')).statusCode, 303);
  b.lang = 'ru';
  t.match((await b.get('/partner/webhooks')).body, /Вебхуков пока нет\./);
});

t.test('POST /partner/webhooks › a webhook with its secret shown once; a postback; their state', async (t) => {
  const receiver = await startReceiver(t, [500]);
  const { app, me, b } = await signedIn(t, { partnerWebhookAllowHosts: ['127.0.0.1'] });
  const submitted = await b.submit('/partner/webhooks', { kind: 'webhook', webhook_url: `${receiver.url}/hook`, events: ['payout.requested', 'click.created'] });
  t.equal(submitted.status, 303, 'a redirect: reloading the page does not add the webhook again');
  t.match(submitted.location, /^\/partner\/webhooks\?m=webhook_created&id=\d+$/);
  const added = submitted.page;
  const secret = /<code id="webhook-secret">(whsec_[^<]+)<\/code>/.exec(added.body)?.[1];
  t.ok(secret, 'the secret is on the page that added it');
  t.match(added.body, /Webhook \d+ added\./);
  const reloaded = await b.get(submitted.location!);
  t.notMatch(reloaded.body, /whsec_/, 'a reload does not show it again');
  t.match(reloaded.body, /Webhook \d+ added\. Its signing secret was shown once/);
  t.equal((await app.repos.events.listEndpoints(me.id)).length, 1, 'one webhook');
  const again = await b.get('/partner/webhooks');
  t.notMatch(again.body, /whsec_/, 'and never again');
  t.match(again.body, /payout\.requested, click\.created/);
  t.match(again.body, /<td class="endpoint-status">Active/);

  const posted = await b.submit('/partner/webhooks', { kind: 'postback', postback_url: 'https://tracker.example/pb?s={sub1}&p={reward}', events: 'exchange.success' });
  t.equal(posted.status, 303);
  const postback = posted.page;
  t.match(postback.body, /Postback \d+ added\./);
  t.notMatch(postback.body, /webhook-secret/, 'a postback has no secret');
  t.match(postback.body, /https:\/\/tracker\.example\/pb\?s=\{sub1\}&amp;p=\{reward\}/);

  // The receiver answers 500: the endpoint shows as failing, with the error.
  const [hook] = await app.repos.events.listEndpoints(me.id);
  await app.repos.transaction(async (tx) => {
    const { recordEvents } = await import('../../../src/services/events/outbox.js');
    await recordEvents(tx, [{ type: 'payout.requested', partnerId: me.id, data: {} }], Math.floor(Date.now() / 1000));
  });
  await app.eventDelivery.runNow();
  t.equal(receiver.received.length, 1);
  const failing = await b.get('/partner/webhooks');
  t.match(failing.body, /Failing: 1 failed attempt in a row<br><small>Last error: HTTP 500<\/small>/);
  await app.repos.events.updateEndpoint(hook!.id, { enabled: false, disabledReason: 'gone', updatedAt: 1 });
  t.match((await b.get('/partner/webhooks')).body, /Disabled: your server answered 410 Gone/);
  b.lang = 'ru';
  t.match((await b.get('/partner/webhooks')).body, /Отключён: ваш сервер ответил 410 Gone/);
});

t.test('POST /partner/webhooks › bad input is shown on the form, in the partner\'s words', async (t) => {
  const { b } = await signedIn(t);
  const cases = [
    [{ kind: 'webhook', webhook_url: 'http://user:pw@example.com/', events: 'payout.paid' }, /Enter an http or https address/],
    [{ kind: 'webhook', webhook_url: 'https://example.com/' }, /Choose at least one event\./],
    [{ kind: 'postback', postback_url: 'https://t.example/?x={payout}', events: 'exchange.success' }, /Use only the macros listed\./],
    [{ kind: 'postback', postback_url: 'https://{sub1}.t.example/', events: 'exchange.success' }, /Macros go in the path or the query of the URL, not in its host\./],
    [{ kind: 'webhook', webhook_url: 'http://192.168.1.20:8080/hook', events: 'payout.paid' }, /This address is inside a private network/],
    [{ kind: 'postback', postback_url: 'http://localhost/pb?s={sub1}', events: 'exchange.success' }, /This address is inside a private network/],
    [{ kind: 'postback', postback_url: 'https://t.example/', events: 'payout.paid' }, /Choose at least one event\./],
  ] as const;
  for (const [form, why] of cases) {
    const res = await b.post('/partner/webhooks', form);
    t.equal(res.statusCode, 400, JSON.stringify(form));
    t.match(res.body, why);
    t.match(res.body, /aria-invalid="true"|class="field (choices )?invalid"/);
  }
  const noToken = await b.post('/partner/webhooks', { _csrf: 'forged', kind: 'webhook', webhook_url: 'https://example.com/', events: 'payout.paid' });
  t.equal(noToken.statusCode, 403, 'a form without the CSRF token is refused');
});

t.test('POST /partner/webhooks/:id/… › pause, enable, delete; another partner\'s id is a 404', async (t) => {
  const { app, other, b } = await signedIn(t);
  const added = (await b.submit('/partner/webhooks', { kind: 'webhook', webhook_url: 'https://hooks.example.com/a', events: 'payout.paid' })).page;
  const id = Number(/Webhook (\d+) added/.exec(added.body)![1]);
  const paused = await b.submit(`/partner/webhooks/${id}/disable`);
  t.equal(paused.status, 303, 'a redirect: reloading the page does not post again');
  t.match(paused.page.body, new RegExp(`${id} paused`));
  t.match((await b.get('/partner/webhooks')).body, /<td class="endpoint-status">Paused/);
  t.match((await b.submit(`/partner/webhooks/${id}/enable`)).page.body, /<td class="endpoint-status">Active/);

  const theirs = (await app.repos.events.insertEndpoint({ partnerId: other.id, kind: 'webhook', url: 'https://other.example/', events: '["payout.paid"]', secret: 'whsec_x', createdAt: 1 })).id;
  for (const action of ['disable', 'enable', 'delete']) t.equal((await b.post(`/partner/webhooks/${theirs}/${action}`)).statusCode, 404, action);
  t.equal((await b.post(`/partner/webhooks/${id}/explode`)).statusCode, 404);
  t.equal((await b.post('/partner/webhooks/abc/delete')).statusCode, 404);
  t.match(await app.repos.events.findEndpoint(theirs), { enabled: true }, 'untouched');

  t.match((await b.submit(`/partner/webhooks/${id}/delete`)).page.body, new RegExp(`${id} deleted`));
  t.match((await b.get('/partner/webhooks')).body, /No webhooks yet\./);
});

t.test('GET /partner/webhooks › a count of failures reads as the language counts: 1 attempt, 3 attempts; 1 попытка, 3 попытки, 5 попыток, 21 попытка', async (t) => {
  const { app, me, b } = await signedIn(t);
  await b.post('/partner/webhooks', { kind: 'webhook', webhook_url: 'https://hooks.example.com/a', events: 'payout.paid' });
  const [hook] = await app.repos.events.listEndpoints(me.id);
  const status = async (failures: number, lang: string, enabled = true) => {
    await app.repos.events.updateEndpoint(hook!.id, { consecutiveFailures: failures, enabled, disabledReason: enabled ? null : 'failing', updatedAt: 1 });
    b.lang = lang;
    return /<td class="endpoint-status">([^<]*)/.exec((await b.get('/partner/webhooks')).body)?.[1];
  };
  t.equal(await status(1, 'en'), 'Failing: 1 failed attempt in a row');
  t.equal(await status(3, 'en'), 'Failing: 3 failed attempts in a row');
  t.equal(await status(1, 'en', false), 'Disabled after 1 failed attempt in a row');
  t.equal(await status(1500, 'en', false), 'Disabled after 1,500 failed attempts in a row');
  t.equal(await status(1, 'ru'), 'Сбои: 1 неудачная попытка подряд');
  t.equal(await status(3, 'ru'), 'Сбои: 3 неудачные попытки подряд');
  t.equal(await status(5, 'ru'), 'Сбои: 5 неудачных попыток подряд');
  t.equal(await status(21, 'ru'), 'Сбои: 21 неудачная попытка подряд');
  t.equal(await status(12, 'ru', false), 'Отключён после 12 неудачных попыток подряд');
  t.equal(await status(1, 'ru', false), 'Отключён после 1 неудачной попытки подряд');
});
