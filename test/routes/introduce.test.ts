// POST /v1/api/introduce/create: the seed's sample as sent, and every code of its error map
// through real requests, in the seed's envelope whatever goes wrong.
import t, { type Test } from 'tap';
import { build } from '../helpers/build.js';
import { issueApiKey, revokeApiKey } from '../../src/services/partners/api-keys.js';

const SITE = 'https://exchanger.example';
const URL_ = '/v1/api/introduce/create';

// Seed 002, "Request sample", byte for byte (its odd leading commas are valid JSON).
const SEED_SAMPLE = `{
"entityNo":"EN03045"
,"name":"apiTest1234"
, "introduceType":"Agent"
, "visibleType":"UserPartVisible"
, "visibleUserId":[1, 2]
, "targetUrl":"http://www.baidu.com"
, "parameterType":"uid"
, "serverId":"428"
, "vendor":"MT4"
, "mtGroup":"test"
, "accountGroup":"group1"
, "leverage":"100"
, "ownerType":"Id"
, "ownerId":"4"
, "ownerName":"哈哈 steven"
}`;

async function setup(t: Test, overrides = {}) {
  const app = await build(t, { siteUrl: SITE, ...overrides });
  const partner = await app.repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '1' });
  const { api_key: key, prefix } = await issueApiKey(app.repos, partner.id);
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await app.inject({
      method: 'POST', url: URL_,
      headers: { 'content-type': 'application/json', 'x-api-tenantId': '1', 'x-api-token': key, ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown>, raw: res.body };
  };
  return { app, partner, key, prefix, post };
}

const client = { name: 'My link', introduceType: 'StraightGuest', visibleType: 'UserAllVisible', targetUrl: `${SITE}/promo/` };

t.test('POST /v1/api/introduce/create › the seed\'s request sample, sent as it is, succeeds and echoes its fields', async (t) => {
  const { app, post, partner } = await setup(t);
  const res = await post(SEED_SAMPLE);
  t.equal(res.status, 200);
  // Strictly: "428" stays a string (not the 428 Ajv's coercion would make of it).
  t.strictSame(res.body, {
    data: {
      entityNo: 'EN03045', name: 'apiTest1234', introduceType: 'Agent', visibleType: 'UserPartVisible', visibleUserId: [1, 2],
      targetUrl: 'http://www.baidu.com', displayUrl: `${SITE}/ref/EN03045/`, parameterType: 'uid', serverId: '428', vendor: 'MT4',
      mtGroup: 'test', accountGroup: 'group1', leverage: '100', ownerType: 'Id', ownerId: '4', ownerName: '哈哈 steven',
    },
    mcode: 'm0000000',
    result: true,
  });
  t.match(res.raw, /^\{"data":\{"entityNo":"EN03045","name":"apiTest1234","introduceType":"Agent"/, 'the seed\'s field order');
  const row = await app.repos.links.findByCode('EN03045');
  t.match(row, { partnerId: partner.id, linkType: 'agent', targetKind: 'home', visibility: 'listed', visiblePartnerIds: [1, 2] });
  const visit = await app.inject({ method: 'GET', url: '/ref/EN03045/', headers: { 'user-agent': 'Mozilla/5.0 Chrome/124.0' } });
  t.equal(visit.headers.location, `${SITE}/partner/signup/?ref=EN03045`, 'an agent link\'s targetUrl is never followed');
});

t.test('POST /v1/api/introduce/create › a StraightGuest link: generated code, ints as ints, /ref follows its target', async (t) => {
  const { app, post } = await setup(t);
  const res = await post({ ...client, accountGroup: 7, leverage: 100, vendor: true, parameterType: 'pid' });
  t.equal(res.body.result, true);
  const data = res.body.data as Record<string, unknown>;
  t.match(data, { name: 'My link', introduceType: 'StraightGuest', visibleType: 'UserAllVisible', visibleUserId: [], targetUrl: `${SITE}/promo/`, parameterType: 'pid' });
  t.strictSame([data.accountGroup, data.leverage, data.vendor], [7, 100, true], 'ints as ints, a boolean as a boolean');
  t.match(data.entityNo, /^[A-Za-z0-9]{8}$/);
  t.equal(data.displayUrl, `${SITE}/ref/${data.entityNo as string}/`);
  t.notOk('serverId' in data, 'a broker field not sent is not echoed');
  const visit = await app.inject({ method: 'GET', url: `/ref/?pid=${data.entityNo as string}`, headers: { 'user-agent': 'Mozilla/5.0 Chrome/124.0' } });
  t.equal(visit.headers.location, `${SITE}/promo/`);
});

t.test('POST /v1/api/introduce/create › a broker field sent as null is echoed null, as sent', async (t) => {
  const { post } = await setup(t);
  const res = await post({ ...client, mtGroup: null, ownerName: null, ownerType: 'Id' });
  t.equal(res.body.result, true);
  t.strictSame([(res.body.data as Record<string, unknown>).mtGroup, (res.body.data as Record<string, unknown>).ownerName], [null, null]);
});

t.test('POST /v1/api/introduce/create › a NUL or a lone surrogate in a broker field or an Agent targetUrl is RL_VALIDATION, on PostgreSQL too (not -1)', async (t) => {
  const { post } = await setup(t);
  const agent = { ...client, introduceType: 'Agent' };
  for (const [field, value] of [['mtGroup', 'a\u0000b'], ['ownerName', '\ud800'], ['serverId', 'x\u0000'], ['targetUrl', 'https://a.example/\ud800']] as const) {
    const res = await post({ ...agent, [field]: value });
    t.same([res.status, res.body.mcode], [200, 'RL_VALIDATION'], `${field} ${JSON.stringify(value)}`);
    t.match((res.body.errorMessage as string[])[0], field === 'targetUrl' ? /target_url/ : new RegExp(field));
  }
  const fine = await post({ ...agent, ownerName: '哈哈 steven ‮', mtGroup: 'a\tb' });
  t.equal(fine.body.result, true, 'other text is stored and echoed as sent');
});

t.test('POST /v1/api/introduce/create › broker fields of another type are RL_VALIDATION, not coerced', async (t) => {
  const { post } = await setup(t);
  for (const [field, value] of [['leverage', 1.5], ['serverId', 'x'.repeat(201)], ['vendor', 7], ['ownerId', { id: 4 }], ['accountGroup', [1]]] as const) {
    const res = await post({ ...client, [field]: value });
    t.match(res.body, { mcode: 'RL_VALIDATION', result: false, errorMessage: [new RegExp(field)] }, `${field}: ${JSON.stringify(value).slice(0, 20)}`);
  }
  const res = await post({ ...client, serverId: null, vendor: 'false', ownerId: '0004' });
  t.strictSame([res.body.result, (res.body.data as Record<string, unknown>).serverId, (res.body.data as Record<string, unknown>).vendor, (res.body.data as Record<string, unknown>).ownerId], [true, null, 'false', '0004']);
});

t.test('POST /v1/api/introduce/create › a text field sent as a number or a yes/no is RL_VALIDATION naming it, no link (true made a link to /true, a broker group "true")', async (t) => {
  const { app, partner, post } = await setup(t);
  const cases = [['targetUrl', true], ['targetUrl', 404], ['entityNo', true], ['entityNo', 12345], ['mtGroup', true], ['ownerType', 1], ['ownerName', false]] as const;
  for (const [field, value] of cases) {
    const res = await post({ ...client, [field]: value });
    t.same([res.status, res.body], [200, { mcode: 'RL_VALIDATION', result: false, errorMessage: [`Invalid ${field}: expected a string`] }], `${field}: ${JSON.stringify(value)}`);
  }
  t.same(await app.repos.links.listByPartner(partner.id), [], 'no link made');
  const res = await post({ ...client, entityNo: 'EN-1', mtGroup: null, ownerName: '哈哈' });
  t.equal(res.body.result, true, 'strings and null as before');
});

t.test('POST /v1/api/introduce/create › BW_API_0000003: a wrong or missing tenant id', async (t) => {
  const { post } = await setup(t, { tenantId: 'T42' });
  for (const tenant of ['1', '', 't42']) {
    const res = await post(client, { 'x-api-tenantId': tenant });
    t.same(res.body, { mcode: 'BW_API_0000003', result: false, errorMessage: ['invalid ID'] }, JSON.stringify(tenant));
    t.equal(res.status, 200);
  }
  t.equal((await post(client, { 'x-api-tenantId': 'T42' })).body.result, true);
});

t.test('POST /v1/api/introduce/create › BW_API_0000001: the token is empty', async (t) => {
  const { post } = await setup(t);
  t.same((await post(client, { 'x-api-token': '' })).body, { mcode: 'BW_API_0000001', result: false, errorMessage: ['token is empty'] });
  t.same((await post(client, { 'x-api-token': '   ' })).body.mcode, 'BW_API_0000001');
});

t.test('POST /v1/api/introduce/create › PUB_AUTH_0000007: an invalid or revoked token', async (t) => {
  const { app, post, key, prefix } = await setup(t);
  t.same((await post(client, { 'x-api-token': 'x'.repeat(40) })).body, { mcode: 'PUB_AUTH_0000007', result: false, errorMessage: ['invalid or revoked token'] });
  t.equal((await post(client, { 'x-api-token': key.slice(0, 39) + (key.endsWith('a') ? 'b' : 'a') })).body.mcode, 'PUB_AUTH_0000007');
  await revokeApiKey(app.repos, prefix, 1);
  t.equal((await post(client)).body.mcode, 'PUB_AUTH_0000007');
});

t.test('POST /v1/api/introduce/create › BW_API_0000004: a partner without permission (blocked, pending)', async (t) => {
  const { app, post, partner } = await setup(t);
  for (const status of ['blocked', 'pending'] as const) {
    await app.repos.partners.update(partner.id, { status });
    t.same((await post(client)).body, { mcode: 'BW_API_0000004', result: false, errorMessage: ['No OPENAPI Permission'] }, status);
  }
  t.equal((await app.repos.links.listByPartner(partner.id)).length, 0);
});

t.test('POST /v1/api/introduce/create › BW_USER_INRR_NAME_NULL: name missing, empty or blank', async (t) => {
  const { post } = await setup(t);
  for (const name of [undefined, '', '   ', null, 5]) {
    t.same((await post({ ...client, name })).body, { mcode: 'BW_USER_INRR_NAME_NULL', result: false, errorMessage: ['User name is empty'] }, JSON.stringify(name));
  }
});

t.test('POST /v1/api/introduce/create › BW_USER_INRR_PARAM_ERROR: the target URL again with the same parameterType', async (t) => {
  const { post } = await setup(t);
  t.equal((await post({ ...client, parameterType: 'uid' })).body.result, true);
  t.same((await post({ ...client, name: 'again', parameterType: 'uid' })).body,
    { mcode: 'BW_USER_INRR_PARAM_ERROR', result: false, errorMessage: ['target link repeat with parameterType'] });
  t.equal((await post({ ...client, name: 'other type', parameterType: 'sid' })).body.result, true);
});

t.test('POST /v1/api/introduce/create › RL_TARGET_ORIGIN: a StraightGuest target off the operator\'s origin, naming it', async (t) => {
  const { post } = await setup(t);
  for (const targetUrl of ['http://www.baidu.com', '//evil.com', '/\\evil.com', `${SITE}@evil.com`]) {
    t.same((await post({ ...client, targetUrl })).body,
      { mcode: 'RL_TARGET_ORIGIN', result: false, errorMessage: [`targetUrl must be a page of ${SITE}`] }, targetUrl);
  }
});

t.test('POST /v1/api/introduce/create › -1: anything unexpected is "service exception, try again later", logged', async (t) => {
  const { app, post } = await setup(t);
  const original = app.repos.transaction;
  app.repos.transaction = async () => { throw new Error('disk on fire'); };
  t.teardown(() => { app.repos.transaction = original; });
  const res = await post(client);
  t.equal(res.status, 500);
  t.same(res.body, { mcode: '-1', result: false, errorMessage: ['service exception, try again later'] });
  t.notMatch(res.raw, /disk on fire/);
});

t.test('POST /v1/api/introduce/create › x-language: zh-CN, ru-RU, en-US; English otherwise', async (t) => {
  const { post } = await setup(t);
  t.same((await post(client, { 'x-api-token': '', 'x-language': 'zh-CN' })).body.errorMessage, ['token为空']);
  t.same((await post(client, { 'x-api-token': '', 'x-language': 'ru-RU' })).body.errorMessage, ['токен не указан']);
  t.same((await post(client, { 'x-api-token': '', 'x-language': 'en-US' })).body.errorMessage, ['token is empty']);
  t.same((await post(client, { 'x-api-token': '', 'x-language': 'de-DE' })).body.errorMessage, ['token is empty']);
  t.same((await post({ ...client, targetUrl: '//evil.com' }, { 'x-language': 'zh-CN' })).body.errorMessage, [`目标链接必须是 ${SITE} 的页面`]);
});

t.test('POST /v1/api/introduce/create › bad bodies and parameters answer the envelope, never Fastify\'s shape', async (t) => {
  const { app, post, key } = await setup(t);
  const send = async (payload: string, contentType: string) => {
    const res = await app.inject({ method: 'POST', url: URL_, headers: { 'content-type': contentType, 'x-api-tenantId': '1', 'x-api-token': key }, payload });
    return res.json() as Record<string, unknown>;
  };
  t.match(await send('{"name":', 'application/json'), { mcode: 'RL_BAD_BODY', result: false, errorMessage: [String] }, 'bad JSON');
  t.match(await send('<x/>', 'application/xml'), { mcode: 'RL_BAD_BODY', result: false }, 'wrong content type');
  t.match(await send(JSON.stringify(client), 'text/plain'), { mcode: 'RL_BAD_BODY', result: false }, 'JSON sent as text/plain: another content type too');
  t.match(await send(JSON.stringify({ ...client, pad: 'x'.repeat(20_000) }), 'application/json'), { mcode: 'RL_BAD_BODY', result: false }, 'too large');
  t.match(await send('[1]', 'application/json'), { mcode: 'RL_VALIDATION', result: false }, 'not an object');
  const get = await app.inject({ method: 'GET', url: URL_ });
  t.match(get.json(), { mcode: 'RL_BAD_BODY', result: false }, 'another method');
  t.equal(get.headers.allow, 'POST');
  t.same((await post({ ...client, introduceType: 'Boss' })).body,
    { mcode: 'RL_VALIDATION', result: false, errorMessage: ['Invalid introduceType: expected one of Agent, StraightGuest'] });
  t.match((await post({ ...client, targetUrl: undefined })).body, { mcode: 'RL_VALIDATION', errorMessage: [/targetUrl/] }, 'StraightGuest needs a target');
  t.match((await post({ ...client, visibleType: 'UserPartVisible' })).body, { mcode: 'RL_VALIDATION', errorMessage: [/visibleUserId/] });
  t.match((await post({ ...client, entityNo: 'bad code!' })).body, { mcode: 'RL_VALIDATION', errorMessage: [/code/] });
  t.equal((await post({ ...client, entityNo: 'Taken1' })).body.result, true);
  t.match((await post({ ...client, entityNo: 'Taken1', targetUrl: '/x' })).body, { mcode: 'RL_CONFLICT', result: false });
});

t.test('POST /v1/api/introduce/create › RL_LINK_LIMIT past RATELINK_PARTNER_LINK_LIMIT', async (t) => {
  const { post } = await setup(t, { partnerLinkLimit: 1 });
  t.equal((await post(client)).body.result, true);
  t.same((await post({ ...client, targetUrl: '/other' })).body, { mcode: 'RL_LINK_LIMIT', result: false, errorMessage: ['at most 1 promotion links per partner'] });
});
