// The partner API's protocol: envelope, error codes, transports, key handling.
import t from 'tap';
import { build } from '../../helpers/build.js';
import { API, callApi, makePartner } from '../../helpers/partner-api.js';
import { updatePartner } from '../../../src/services/partners/partners.js';
import { revokeApiKey } from '../../../src/services/partners/api-keys.js';
import { apiKeyPrefix } from '../../../src/ids.js';

const envelopeError = (code: number) => ({ status: 'error', error: code, data: {} });

t.test('GET /service/partner/api.php › get_info answers HTTP 200 with the success envelope', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar', {}, 'radar');
  const res = await callApi(app, apiKey, 'get_info');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/json/);
  t.same(res.json(), {
    status: 'success', error: 0, error_text: '',
    data: { balance: 0, totalReceived: 0, link: 'radar', min_payout: 0, items: {} },
  });
});

t.test('GET /service/partner/api.php › every request error has its code in the envelope, HTTP 200', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar');
  const cases: Array<[string, string, number, RegExp]> = [
    ['no api_action', `method=get_info&api_key=${apiKey}`, 1, /api_action/],
    ['wrong api_action', `api_action=PP&method=get_info&api_key=${apiKey}`, 1, /api_action/],
    ['no api_key', 'api_action=pp&method=get_info', 2, /api_key/],
    ['empty api_key', 'api_action=pp&method=get_info&api_key=', 2, /api_key/],
    ['malformed api_key', 'api_action=pp&method=get_info&api_key=abc', 3, /Invalid or revoked/],
    ['unknown api_key', `api_action=pp&method=get_info&api_key=${'Z'.repeat(40)}`, 3, /Invalid or revoked/],
    ['right prefix, wrong rest', `api_action=pp&method=get_info&api_key=${apiKeyPrefix(apiKey)}${'Z'.repeat(32)}`, 3, /Invalid or revoked/],
    ['unknown method', `api_action=pp&method=get_balance&api_key=${apiKey}`, 4, /get_balance/],
    ['method name is case-sensitive', `api_action=pp&method=GET_INFO&api_key=${apiKey}`, 4, /GET_INFO/],
    ['no method', `api_action=pp&api_key=${apiKey}`, 4, /missing/],
    ['start_time not an integer', `api_action=pp&method=get_links&api_key=${apiKey}&start_time=1.5`, 5, /start_time/],
    ['negative end_time', `api_action=pp&method=get_links&api_key=${apiKey}&end_time=-1`, 5, /end_time/],
    ['start after end', `api_action=pp&method=get_exchanges&api_key=${apiKey}&start_time=11&end_time=10`, 5, /start_time/],
    ['limit above 10000', `api_action=pp&method=get_links&api_key=${apiKey}&limit=10001`, 5, /limit/],
    ['limit 0', `api_action=pp&method=get_links&api_key=${apiKey}&limit=0`, 5, /limit/],
    ['offset not a number', `api_action=pp&method=get_links&api_key=${apiKey}&offset=x`, 5, /offset/],
    ['api_key twice', `api_action=pp&method=get_info&api_key=${apiKey}&api_key=x`, 5, /api_key/],
    ['overlong parameter', `api_action=pp&method=get_info&api_key=${'k'.repeat(200)}`, 5, /api_key/],
    ['ip twice', `api_action=pp&method=get_links&api_key=${apiKey}&ip=203.0.113.1&ip=203.0.113.2`, 5, /ip/],
    ['ip twice, get_exchanges', `api_action=pp&method=get_exchanges&api_key=${apiKey}&ip=203.0.113.1&ip=203.0.113.2`, 5, /ip/],
  ];
  for (const [name, query, code, text] of cases) {
    const res = await app.inject({ method: 'GET', url: `${API}?${query}` });
    t.equal(res.statusCode, 200, name);
    t.match(res.json(), envelopeError(code), name);
    t.match(res.json().error_text, text, name);
    t.same(Object.keys(res.json()), ['status', 'error', 'error_text', 'data'], name);
  }
});

t.test('POST /service/partner/api.php › a JSON ip that is not a string is error 5, not an internal error', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar');
  for (const ip of [{ a: 1 }, 203]) {
    for (const method of ['get_links', 'get_exchanges']) {
      const res = await app.inject({ method: 'POST', url: API, payload: { api_action: 'pp', api_key: apiKey, method, ip } });
      t.equal(res.statusCode, 200);
      t.match(res.json(), { ...envelopeError(5), error_text: /ip/ }, `${method} ${JSON.stringify(ip)}`);
    }
  }
});

t.test('GET/POST /service/partner/api.php › an empty parameter is absent wherever it comes from: it hides no header or query value', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar', {}, 'radar');
  const header = await app.inject({ url: `${API}?api_action=pp&api_key=&method=get_info`, headers: { 'x-api-key': apiKey } });
  t.match(header.json(), { status: 'success', data: { link: 'radar' } }, 'api_key= in the URL, the key in X-API-Key');
  const form = await app.inject({
    method: 'POST', url: `${API}?api_action=pp&api_key=${apiKey}&method=get_info`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'api_key=&method=get_info',
  });
  t.match(form.json(), { status: 'success', data: { link: 'radar' } }, 'an empty form field, the key in the query');
  const json = await app.inject({ method: 'POST', url: API, payload: { api_action: 'pp', api_key: apiKey, method: 'get_info', extra: { a: 1 }, other: null, __proto__x: '' } });
  t.match(json.json(), { status: 'success' }, 'unknown JSON members of any type are ignored');
});

t.test('GET /service/partner/api.php › a revoked key fails at once with error 3', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar');
  t.equal((await callApi(app, apiKey, 'get_info')).json().error, 0);
  await revokeApiKey(app.repos, apiKeyPrefix(apiKey), Math.floor(Date.now() / 1000));
  t.match((await callApi(app, apiKey, 'get_info')).json(), envelopeError(3));
});

t.test('GET /service/partner/api.php › a blocked partner gets error 6 for every method', async (t) => {
  const app = await build(t);
  const { partner, apiKey } = await makePartner(app, 'Radar');
  await updatePartner(app.repos, partner.id, { status: 'blocked' });
  for (const method of ['get_info', 'get_links', 'get_exchanges', 'get_payouts', 'add_payout']) {
    const res = await callApi(app, apiKey, method);
    t.equal(res.statusCode, 200);
    t.match(res.json(), { ...envelopeError(6), error_text: 'Partner is blocked' }, method);
  }
});

t.test('GET /service/partner/api.php › an unexpected failure is error 99 without details', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar');
  app.repos.partnerReports.listClicks = async () => { throw new Error('SQLITE_IOERR: disk I/O error'); };
  const res = await callApi(app, apiKey, 'get_links');
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'error', error: 99, error_text: 'Internal error', data: {} });
});

t.test('POST /service/partner/api.php › form body, JSON body and query+body all work like GET', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar', {}, 'radar');
  const form = await app.inject({
    method: 'POST', url: API, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `api_action=pp&api_key=${apiKey}&method=get_info`,
  });
  t.match(form.json(), { status: 'success', data: { link: 'radar' } });
  const json = await app.inject({
    method: 'POST', url: API, payload: { api_action: 'pp', api_key: apiKey, method: 'get_links', start_time: 0, end_time: 10 },
  });
  t.same(json.json(), { status: 'success', error: 0, error_text: '', data: { items: {} } });
  const mixed = await app.inject({
    method: 'POST', url: `${API}?api_action=pp&method=get_info`, payload: { api_key: apiKey },
  });
  t.match(mixed.json(), { status: 'success', data: { link: 'radar' } });
  const noBody = await app.inject({ method: 'POST', url: `${API}?api_action=pp&method=get_info&api_key=${apiKey}` });
  t.match(noBody.json(), { status: 'success', data: { link: 'radar' } });
});

t.test('POST /service/partner/api.php › unreadable bodies still get the envelope (error 5), never Fastify\'s shape', async (t) => {
  const app = await build(t);
  const cases: Array<[string, string, string]> = [
    ['broken JSON', 'application/json', '{"api_action":'],
    ['JSON array', 'application/json', '[1,2]'],
    ['JSON object parameter', 'application/json', '{"api_action":"pp","start_time":{"a":1}}'],
    ['plain text', 'text/plain', 'api_action=pp'],
    ['unsupported type', 'application/xml', '<a/>'],
  ];
  for (const [name, type, payload] of cases) {
    const res = await app.inject({ method: 'POST', url: API, headers: { 'content-type': type }, payload });
    t.equal(res.statusCode, 200, name);
    t.match(res.json(), envelopeError(5), name);
  }
  // Over the 16 KiB body limit with every parameter within its own length limit: only the
  // body limit can refuse it.
  const filler = Array.from({ length: 200 }, (_, i) => `p${i}=${'x'.repeat(100)}`).join('&');
  const huge = await app.inject({
    method: 'POST', url: API, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `api_action=pp&${filler}`,
  });
  t.equal(huge.statusCode, 200);
  t.match(huge.json(), { ...envelopeError(5), error_text: /too large/ });
});

t.test('GET /service/partner/api.php/ and HEAD › trailing slash accepted; HEAD answers headers only', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar');
  const slash = await app.inject({ method: 'GET', url: `${API}/?api_action=pp&api_key=${apiKey}&method=get_info` });
  t.equal(slash.json().status, 'success');
  const head = await app.inject({ method: 'HEAD', url: `${API}?api_action=pp&api_key=${apiKey}&method=get_info` });
  t.equal(head.statusCode, 200);
  t.equal(head.body, '');
  t.match(head.headers['content-type'], /^application\/json/);
});

t.test('GET /service/partner/api.php › last_used_at/last_used_ip are written at most once a minute per key and address', async (t) => {
  const app = await build(t);
  const { partner, apiKey } = await makePartner(app, 'Radar');
  const keyRow = async () => (await app.repos.apiKeys.listByPartner(partner.id))[0];
  const before = Math.floor(Date.now() / 1000);
  await callApi(app, apiKey, 'get_info');
  const first = await keyRow();
  t.ok(first.lastUsedAt! >= before, 'recorded on first use');
  t.equal(first.lastUsedIp, '127.0.0.1');

  await app.repos.apiKeys.touch(first.id, before - 30, '127.0.0.1');
  await callApi(app, apiKey, 'get_info');
  t.match(await keyRow(), { lastUsedAt: before - 30, lastUsedIp: '127.0.0.1' }, 'not rewritten within a minute from the same address');

  await app.repos.apiKeys.touch(first.id, before - 30, '10.1.1.1');
  await callApi(app, apiKey, 'get_info');
  t.match(await keyRow(), { lastUsedIp: '127.0.0.1' }, 'rewritten at once from a new address');

  await app.repos.apiKeys.touch(first.id, before - 61, '127.0.0.1');
  await callApi(app, apiKey, 'get_info');
  const later = await keyRow();
  t.ok(later.lastUsedAt! >= before, 'rewritten after a minute');
  t.equal(later.lastUsedIp, '127.0.0.1');
});
