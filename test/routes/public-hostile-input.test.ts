// Hostile input on the public surfaces that are not the REST API or the cabinet: api.php (and
// /api.html), introduce/create, /ref/:code and the rate feeds. Their parameters are taken from
// the app's own schemas and lists where it has them, so a new one is swept too. Each answers in
// its own clients' format whatever comes: api.php its envelope, introduce/create the seed's,
// /ref a redirect to the operator's site (never elsewhere), a feed 404 "Unknown feed"; never a
// 500, a stack trace or a split header. Runs on PostgreSQL with RATELINK_TEST_DATABASE_URL.
import t, { type Test } from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { adminHeaders, build } from '../helpers/build.js';
import { API, makePartner } from '../helpers/partner-api.js';
import { makeMethod } from '../helpers/ledger-factory.js';
import { ApiParamsSchema } from '../../src/schemas/partner-api.js';
import { FEED_FORMATS } from '../../src/export/types.js';
import { commonProblems, jsonOf } from '../helpers/hostile.js';

// Thousands of requests: on PostgreSQL beside the rest of the suite more than tap's minute.
t.setTimeout(240_000);

const URL_VALUES: Record<string, string> = {
  nul: 'a%00b', soh: 'a%01b', crlf: 'a%0d%0aSet-Cookie:%20x=1', long: 'x'.repeat(60_000), minusZero: '-0', overflow: '1e309',
  past2to53: '9007199254740993', leadingZeros: '007', hex: '0x10', spaces: '%201%20', loneSurrogate: '%ED%A0%80', badUtf8: '%FF',
  bidi: '%E2%80%AEabc', zeroWidth: 'a%E2%80%8Bb', true: 'true', empty: '', dotdot: '..%2F..%2Fetc', slashes: '%2F%2Fevil.example',
};
const JSON_VALUES: Record<string, string> = {
  nul: '"a\\u0000b"', soh: '"a\\u0001b"', crlf: '"a\\r\\nX: y"', megabyte: `"${'x'.repeat(1 << 20)}"`, true: 'true', one: '1', object: '{}',
  array: '[]', null: 'null', minusZero: '-0', overflow: '1e309', past2to53: '9007199254740993', float: '1.5', leadingZeros: '"007"', hex: '"0x10"',
  spaces: '" 1 "', loneSurrogate: '"\\ud800"', bidi: '"\\u202eabc"', zeroWidth: '"a\\u200bb"',
};
const OTHER_BODIES: Array<[string, string]> = [
  ['application/json', ''], ['application/json', '[]'], ['application/json', 'null'], ['application/json', '"x"'], ['application/json', '{"a":'],
  ['application/json; charset=latin1', '{}'], ['application/x-www-form-urlencoded', '{"a":1}'], ['application/x-www-form-urlencoded', 'a=%00&a=%FF'],
  ['text/plain', 'a=1'], ['application/xml', '<a/>'], ['multipart/form-data; boundary=x', '--x--'],
];
// Every limit out of the way: the sweep is many requests from one address with one key.
const NO_LIMITS = { apiRateLimit: 1_000_000, apiBadKeyLimit: 1_000_000, partnerLinkLimit: 100_000, clickIpLimit: 0 };

/** Each surface's own format besides; one assertion a request. */
function assertSane(t: Test, res: LightMyRequestResponse, label: string, own: (res: LightMyRequestResponse) => string | null) {
  const problems = commonProblems(res);
  const wrong = res.statusCode < 500 ? own(res) : null;
  if (wrong) problems.push(wrong);
  t.same(problems, [], label);
}

t.test('api.php and /api.html › every parameter of its schema, every hostile value: the envelope, HTTP 200', async (t) => {
  const app = await build(t, NO_LIMITS);
  const { partner, apiKey } = await makePartner(app, 'Acme', { reward_percent: '10', min_payout: '1' }, 'ACMEREF');
  await app.repos.ledger.adjust({ partnerId: partner.id, amount: 1000_00000000, reason: 'credit', at: 1 });
  await makeMethod(app.repos);
  const envelope = (res: LightMyRequestResponse) => {
    const body = jsonOf(res) as Record<string, unknown> | null;
    if (res.statusCode !== 200) return `HTTP ${res.statusCode}, not 200`;
    const ok = body && /^(success|error)$/.test(String(body.status)) && typeof body.error === 'number' && typeof body.error_text === 'string' && typeof body.data === 'object';
    return ok ? null : `not the envelope: ${res.body.slice(0, 80)}`;
  };
  const params = Object.keys(ApiParamsSchema.properties);
  // The parameters are read by one parser for every method: a reading and a writing method
  // get every value, the others (and /api.html, the same handler) the bodies of other types.
  const methods = ['get_info', 'get_exchanges', 'get_links', 'get_payouts', 'add_payout', 'cancel_payout'];
  for (const url of [API, '/api.html']) {
    for (const method of methods) {
      const base: Record<string, string> = { api_action: 'pp', api_key: apiKey, method, method_id: '1', account: 'U1', amount: '0.001', payout_id: '1' };
      const verb = method === 'add_payout' || method === 'cancel_payout' ? 'POST' : 'GET';
      const query = (over: Record<string, string>) => Object.entries({ ...base, ...over }).map(([k, v]) => `${k}=${over[k] ?? encodeURIComponent(v)}`).join('&');
      for (const [type, payload] of OTHER_BODIES) {
        assertSane(t, await app.inject({ method: 'POST', url: `${url}?${query({})}`, payload, headers: { 'content-type': type } }), `${url} ${method} ${type} ${JSON.stringify(payload)}`, envelope);
      }
      if (url !== API || (method !== 'get_exchanges' && method !== 'add_payout')) continue;
      for (const param of params) {
        for (const [label, value] of Object.entries(URL_VALUES)) {
          assertSane(t, await app.inject({ method: verb, url: `${url}?${query({ [param]: value })}` }), `${method} ${param}=${label}`, envelope);
        }
        assertSane(t, await app.inject({ method: verb, url: `${url}?${query({})}&${param}=2` }), `${method} ${param} repeated`, envelope);
        for (const [label, value] of Object.entries(JSON_VALUES)) {
          const payload = JSON.stringify({ ...base, [param]: '\u0000' }).replace('"\\u0000"', value);
          assertSane(t, await app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } }), `${method} JSON ${param}=${label}`, envelope);
        }
      }
    }
  }
});

t.test('introduce/create › every field of the seed\'s body, every hostile value and header: the seed\'s envelope', async (t) => {
  const app = await build(t, { ...NO_LIMITS, siteUrl: 'https://exchanger.example' });
  const { apiKey } = await makePartner(app, 'Broker');
  const headers = { 'x-api-tenantid': '1', 'x-api-token': apiKey, 'content-type': 'application/json' };
  const isEnvelope = (res: LightMyRequestResponse, label: string) => assertSane(t, res, label, () => {
    const body = jsonOf(res) as Record<string, unknown> | null;
    return body && typeof body.mcode === 'string' && typeof body.result === 'boolean' ? null : `not the envelope: ${res.body.slice(0, 80)}`;
  });
  // Seed 002's request sample; entityNo differs per request so that each one could succeed.
  const sample: Record<string, unknown> = {
    entityNo: 'EN03045', name: 'apiTest1234', introduceType: 'Agent', visibleType: 'UserPartVisible', visibleUserId: [1, 2], targetUrl: '/promo/',
    parameterType: 'uid', serverId: '428', vendor: 'MT4', mtGroup: 'test', accountGroup: 'group1', leverage: '100', ownerType: 'Id', ownerId: '4', ownerName: '哈哈 steven',
  };
  let n = 0;
  for (const field of Object.keys(sample)) {
    for (const [label, value] of Object.entries(JSON_VALUES)) {
      const payload = JSON.stringify({ ...sample, entityNo: `EN${n++}`, [field]: '\u0000' }).replace('"\\u0000"', value);
      isEnvelope(await app.inject({ method: 'POST', url: '/v1/api/introduce/create', payload, headers }), `${field}=${label}`);
    }
  }
  const hostileHeaders: Array<[string, string]> = [
    ['x-api-token', 'a\u0001b'], ['x-api-token', 'x'.repeat(10_000)], ['x-api-tenantid', '1\u0001'], ['x-language', 'ru\u0001'], ['x-language', 'x'.repeat(5000)],
  ];
  for (const [name, value] of hostileHeaders) {
    isEnvelope(await app.inject({ method: 'POST', url: '/v1/api/introduce/create', payload: JSON.stringify(sample), headers: { ...headers, [name]: value } }), `header ${name}`);
  }
  for (const [type, payload] of OTHER_BODIES) {
    isEnvelope(await app.inject({ method: 'POST', url: '/v1/api/introduce/create', payload, headers: { ...headers, 'content-type': type } }), `${type} ${JSON.stringify(payload)}`);
  }
});

t.test('/ref/:code › any code, query, cookie, Referer or User-Agent: a 302 to the operator\'s own site, never elsewhere', async (t) => {
  const app = await build(t, NO_LIMITS);
  await makePartner(app, 'Referrer', {}, 'GOODREF');
  const urls = [
    ...Object.values(URL_VALUES).flatMap((v) => [`/ref/${v}`, `/ref/GOODREF?sub1=${v}`, `/ref/GOODREF?cur_from=${v}&cur_to=BTC`, `/ref/GOODREF/${v}`]),
    '/ref/GOODREF?sub1=a&sub1=b', '/ref/GOODREF?to=//evil.example', '/ref/GOODREF?url=https://evil.example', '/ref//evil.example', '/ref/%5Cevil.example',
    '/ref/GOODREF?next=%0d%0aLocation:%20https://evil.example', '/ref', '/ref/', `/ref/${'x'.repeat(70_000)}`,
  ];
  const odd = { cookie: 'ratelink_ref=a%00b; rl=\u0001', referer: 'https://x.example/\u0001', 'user-agent': 'x'.repeat(20_000) };
  for (const url of urls) {
    for (const method of ['GET', 'HEAD'] as const) {
      for (const headers of [{}, odd]) {
        const res = await app.inject({ method, url, headers });
        const label = `${method} ${url.slice(0, 60)}${headers === odd ? ' with odd headers' : ''}`;
        assertSane(t, res, label, () => (res.statusCode === 302 && String(res.headers.location).startsWith('http://localhost:3000/')
          ? null : `not a redirect to the operator's site: ${res.statusCode} ${res.headers.location}`));
      }
    }
  }
});

t.test('the feeds › any code in any format, odd request headers: the feed or 404 "Unknown feed"', async (t) => {
  const app = await build(t);
  const created = await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: 'Monitor' } });
  const code = created.json<{ code: string }>().code;
  const odd = { 'accept-encoding': `${'x'.repeat(3000)};q=1e309, gzip;q=-0, br;q=0x1`, 'if-none-match': '\u0001"', 'if-modified-since': '1e309' };
  for (const format of [...FEED_FORMATS, 'yaml']) {
    for (const value of [...Object.values(URL_VALUES), `${code}%00`, `${code}/x`, code.toUpperCase()]) {
      for (const query of ['', '?a=%00', '?format=%0d%0a&format=x']) {
        const res = await app.inject({ url: `/service/export/${format}/${value}${query}`, headers: odd });
        const label = `${format}/${value.slice(0, 30)}${query}`;
        assertSane(t, res, label, () => (res.statusCode === 404 && res.body === 'Unknown feed\n' ? null : `not "Unknown feed": ${res.statusCode}`));
      }
    }
    if (!(FEED_FORMATS as readonly string[]).includes(format)) continue;
    const res = await app.inject({ url: `/service/export/${format}/${code}?a=%00&a=%FF`, headers: odd });
    assertSane(t, res, `${format}/${code} with odd headers`, () => (res.statusCode === 200 ? null : `not the feed: ${res.statusCode}`));
  }
});
