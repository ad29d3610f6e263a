// The root error handler: Fastify's own refusals reach admin clients as catalogue codes, and
// schema errors name the field and the allowed values.
import t from 'tap';
import { adminHeaders, build } from '../helpers/build.js';

t.test('admin API › Fastify refusals answer with catalogue codes that say what to send', async (t) => {
  const app = await build(t);
  const post = (headers: Record<string, string>, payload: string) =>
    app.inject({ method: 'POST', url: '/admin/partners', headers: { ...adminHeaders, ...headers }, payload });
  const cases: Array<[Awaited<ReturnType<typeof post>>, number, string, string]> = [
    [await post({ 'content-type': 'text/plain' }, 'name=x'), 415, 'RL_UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type: send Content-Type: application/json with a JSON body'],
    [await post({ 'content-type': 'application/json' }, '{"name":'), 400, 'RL_BAD_BODY', 'The body is not valid JSON'],
    [await post({ 'content-type': 'application/json' }, ''), 400, 'RL_BAD_BODY', 'The body is empty: send a JSON object, or no Content-Type'],
  ];
  for (const [res, status, code, message] of cases) t.same([res.statusCode, res.json()], [status, { error: { code, message } }]);
  const badUrl = await app.inject({ method: 'GET', url: '/admin/partners/%E0%A4%A', headers: adminHeaders });
  t.same([badUrl.statusCode, badUrl.json().error.code], [400, 'RL_BAD_URL']);
  t.notMatch(badUrl.body, /FST_/);
});

t.test('admin API › schema errors name the field and the allowed values', async (t) => {
  const app = await build(t);
  const partner = await app.inject({ method: 'POST', url: '/admin/partners', headers: adminHeaders, payload: { name: 'P', email: 'p@p.example', reward_percent: '1' } });
  const patch = await app.inject({ method: 'PATCH', url: `/admin/partners/${partner.json().id}`, headers: adminHeaders, payload: { status: 'gone' } });
  t.same(patch.json(), { error: { code: 'RL_VALIDATION', message: 'Invalid status: expected one of active, blocked' } });
  const extra = await app.inject({ method: 'PATCH', url: `/admin/partners/${partner.json().id}`, headers: adminHeaders, payload: { foo: 1 } });
  t.same(extra.json(), { error: { code: 'RL_VALIDATION', message: 'Unknown field "foo"' } });
});

t.test('malformed URLs › each area answers its own: /ref redirects home, feeds 404 "Unknown feed"', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const ref = await app.inject({ method: 'GET', url: '/ref/%E0%A4%A' });
  t.same([ref.statusCode, ref.headers.location], [302, 'https://exchanger.example/']);
  const feed = await app.inject({ method: 'GET', url: '/service/export/xml/%E0%A4%A' });
  t.same([feed.statusCode, feed.body], [404, 'Unknown feed\n']);
});
