// The partner API's rate limits and what reaches the logs.
import { Writable } from 'node:stream';
import t from 'tap';
import { build } from '../../helpers/build.js';
import { API, callApi, makePartner } from '../../helpers/partner-api.js';

const BAD_KEY = 'Z'.repeat(40);

t.test('GET /service/partner/api.php › past the per-key limit → HTTP 429, Retry-After, error 7; other keys unaffected', async (t) => {
  const app = await build(t, { apiRateLimit: 3 });
  const first = await makePartner(app, 'Radar');
  const second = await makePartner(app, 'Kurs');
  const remaining: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await callApi(app, first.apiKey, 'get_info');
    t.equal(res.json().status, 'success');
    remaining.push(String(res.headers['x-ratelimit-remaining']));
  }
  t.same(remaining, ['2', '1', '0']);
  const throttled = await callApi(app, first.apiKey, 'get_info');
  t.equal(throttled.statusCode, 429);
  t.match(throttled.json(), { status: 'error', error: 7, data: {} });
  t.match(throttled.json().error_text, /Too many requests/);
  const retryAfter = Number(throttled.headers['retry-after']);
  t.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  t.equal((await callApi(app, second.apiKey, 'get_info')).json().status, 'success', 'another key has its own quota');
});

t.test('GET /service/partner/api.php › wrong keys are limited per IP', async (t) => {
  const app = await build(t, { apiBadKeyLimit: 2 });
  const { apiKey } = await makePartner(app, 'Radar');
  const from = (remoteAddress: string, key: string) =>
    app.inject({ method: 'GET', url: `${API}?api_action=pp&api_key=${key}&method=get_info`, remoteAddress });

  for (let i = 0; i < 5; i++) t.equal((await from('203.0.113.7', apiKey)).json().status, 'success', 'right keys do not count');
  t.equal((await from('203.0.113.7', BAD_KEY)).json().error, 3);
  t.equal((await from('203.0.113.7', BAD_KEY)).json().error, 3);
  const guess = await from('203.0.113.7', BAD_KEY);
  t.equal(guess.statusCode, 429);
  t.equal(guess.json().error, 7);
  t.ok(Number(guess.headers['retry-after']) >= 1);
  t.equal((await from('203.0.113.7', BAD_KEY)).statusCode, 429, 'still throttled');
  t.equal((await from('198.51.100.2', BAD_KEY)).json().error, 3, 'other IPs are not affected');
});

t.test('GET /service/partner/api.php › a valid key still authenticates from an IP locked out by wrong keys', async (t) => {
  const app = await build(t, { apiBadKeyLimit: 2 });
  const { apiKey } = await makePartner(app, 'Radar');
  const from = (remoteAddress: string, key: string) =>
    app.inject({ method: 'GET', url: `${API}?api_action=pp&api_key=${key}&method=get_info`, remoteAddress });
  for (let i = 0; i < 5; i++) await from('2001:db8:7:7::' + (i + 1), BAD_KEY);
  t.equal((await from('2001:db8:7:7::99', BAD_KEY)).statusCode, 429, 'the /64 is throttled for wrong keys');
  const valid = await from('2001:db8:7:7::42', apiKey);
  t.equal(valid.statusCode, 200);
  t.equal(valid.json().status, 'success', 'a neighbour in the same /64 keeps working');
});

t.test('GET /service/partner/api.php › IPv6 guessers are counted by /64', async (t) => {
  const app = await build(t, { apiBadKeyLimit: 1 });
  const from = (remoteAddress: string) =>
    app.inject({ method: 'GET', url: `${API}?api_action=pp&api_key=${BAD_KEY}&method=get_info`, remoteAddress });
  t.equal((await from('2001:db8:1:2::1')).json().error, 3);
  t.equal((await from('2001:db8:1:2::ffff')).statusCode, 429);
  t.equal((await from('2001:db8:1:3::1')).json().error, 3, 'another /64');
});

t.test('GET /service/partner/api.php › the api_key never appears in the logs', async (t) => {
  const lines: string[] = [];
  const logStream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const app = await build(t, { logLevel: 'info', apiRateLimit: 3 }, { logStream });
  const { apiKey } = await makePartner(app, 'Radar');
  await callApi(app, apiKey, 'get_info');
  await callApi(app, apiKey, 'get_links', { start_time: 'bad' });
  const listClicks = app.repos.partnerReports.listClicks;
  app.repos.partnerReports.listClicks = async () => { throw new Error('SQLITE_IOERR: disk I/O error'); };
  t.equal((await callApi(app, apiKey, 'get_links')).json().error, 99);
  app.repos.partnerReports.listClicks = listClicks;
  t.equal((await callApi(app, apiKey, 'get_info')).statusCode, 429);
  await app.inject({ method: 'POST', url: API, payload: { api_action: 'pp', api_key: apiKey, method: 'get_info' } });
  const log = lines.join('');
  t.ok(lines.length >= 10, `requests were logged (${lines.length} lines)`);
  t.match(log, /api_key=\[REDACTED\]/);
  t.match(log, /"message":"SQLITE_IOERR: disk I\/O error".*"msg":"partner API failure"/, 'internal errors are logged');
  t.notOk(log.includes(apiKey), 'the key is not in any log line');
  t.notOk(log.includes(apiKey.slice(8)), 'nor its secret part');
});

t.test('GET /service/partner/api.php › an api_key under an encoded name (api%5Fkey, %61pi_key) authenticates but is not logged', async (t) => {
  const lines: string[] = [];
  const logStream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const app = await build(t, { logLevel: 'info' }, { logStream });
  const { apiKey } = await makePartner(app, 'Radar');
  for (const name of ['api%5Fkey', '%61pi_key', '%61%70%69%5f%6b%65%79']) {
    const res = await app.inject(`${API}?api_action=pp&${name}=${apiKey}&method=get_info`);
    t.equal(res.json().status, 'success', `${name} authenticates`);
  }
  const log = lines.join('');
  t.match(log, /%61pi_key=\[REDACTED\]/);
  t.notOk(log.includes(apiKey.slice(8)), 'the key is in no log line');
});

t.test('GET /service/partner/api.php › a key after "&amp;" or ";" (PHP\'s arg_separator.output, a URL copied from HTML) is not logged', async (t) => {
  const lines: string[] = [];
  const logStream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const app = await build(t, { logLevel: 'info' }, { logStream });
  const { apiKey } = await makePartner(app, 'Radar');
  for (const query of [`api_action=pp&amp;api_key=${apiKey}&amp;method=get_info`, `api_action=pp;api_key=${apiKey};method=get_info`]) {
    const res = await app.inject(`${API}?${query}`);
    t.equal(res.statusCode, 200, query.slice(0, 20));
  }
  t.ok(lines.length >= 4, 'requests were logged');
  t.notOk(lines.join('').includes(apiKey.slice(8)), 'the key is in no log line');
});

t.test('GET /service/partner/api.php › the key in an X-API-Key header keeps it out of the URL', async (t) => {
  const app = await build(t);
  const { apiKey } = await makePartner(app, 'Radar');
  const res = await app.inject({ url: `${API}?api_action=pp&method=get_info`, headers: { 'x-api-key': apiKey } });
  t.equal(res.json().status, 'success');
  const wrong = await app.inject({ url: `${API}?api_action=pp&method=get_info`, headers: { 'x-api-key': 'Z'.repeat(40) } });
  t.equal(wrong.json().error, 3);
});
