// /api/links/…: a partner's promotion links through real requests: create, read, change, archive,
// the numbers of one link by day (JSON and CSV), every error in the seed's {"detail","code"}
// shape, and another partner's code answered as NotFound, never read nor changed.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build } from '../../helpers/build.js';
import { signedIn } from '../../helpers/rest-api.js';

const T0 = Date.UTC(2026, 0, 10) / 1000;
const DAY = 86_400;

type Who = Awaited<ReturnType<typeof signedIn>>;
const call = (app: FastifyInstance, who: Who) => (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
  app.inject({ method, url, headers: { ...who.headers, ...headers }, ...(payload ? { payload } : {}) });

t.test('POST/GET/PATCH /api/links/ › create, read, change and archive the partner\'s own links', async (t) => {
  const app = await build(t);
  const as = call(app, await signedIn(app));

  const created = await as('POST', '/api/links/', { name: 'Spring promo', code: 'spring-promo', cur_from: 'btc', cur_to: 'pmusd' });
  t.equal(created.statusCode, 201);
  t.match(created.json(), {
    code: 'spring-promo', name: 'Spring promo', url: 'http://localhost:3000/ref/spring-promo/', type: 'client', visibility: 'listed',
    target: { kind: 'direction', cur_from: 'BTC', cur_to: 'PMUSD' }, disabled: false, kind: 'referral',
  });
  const home = (await as('POST', '/api/links/', { name: 'Home' })).json();
  t.match(home, { code: /^[A-Za-z0-9_-]{3,64}$/, target: { kind: 'home' } }, 'a code is generated when absent');
  const page = (await as('POST', '/api/links/', { target_url: 'http://localhost:3000/rules?x=1', type: 'client' })).json();
  t.match(page, { target: { kind: 'path', path: '/rules?x=1' }, name: null });
  const agent = (await as('POST', '/api/links/', { name: 'Recruit', type: 'agent', target_url: 'https://elsewhere.example/signup' })).json();
  t.match(agent, { type: 'agent', target: { kind: 'home' }, target_url: 'https://elsewhere.example/signup' }, 'an agent link\'s URL is stored, never followed');

  const read = await as('GET', '/api/links/spring-promo/');
  t.same([read.statusCode, read.json().id], [200, created.json().id]);

  const patched = await as('PATCH', '/api/links/spring-promo/', { name: 'Spring promo (April)', target_url: '/exchange' });
  t.equal(patched.statusCode, 200);
  t.match(patched.json(), { name: 'Spring promo (April)', target: { kind: 'path', path: '/exchange' }, code: 'spring-promo' });
  t.match((await as('PATCH', '/api/links/spring-promo/', { visibility: 'hidden' })).json(), { visibility: 'hidden', name: 'Spring promo (April)' });

  const codes = async (query = '') => (await as('GET', `/api/links/${query}`)).json().data.map((l: { code: string }) => l.code);
  t.same(await codes(), ['spring-promo', home.code, page.code, agent.code], 'oldest first');
  t.match((await as('POST', `/api/links/${home.code}/archive/`)).json(), { visibility: 'archived' });
  t.match((await as('PATCH', `/api/links/${page.code}/`, { visibility: 'archived' })).json(), { visibility: 'archived' });
  t.same(await codes(), ['spring-promo', agent.code], 'archived links leave the list');
  t.same(await codes('?archived=1'), ['spring-promo', home.code, page.code, agent.code], '…and come back with archived=1');
});

t.test('POST /api/links/ › errors: a taken code is a 409 under errors.code, an off-site target a 400 naming the origin, the limit a clear error', async (t) => {
  const app = await build(t, { partnerLinkLimit: 2 });
  const me = call(app, await signedIn(app));
  const other = call(app, await signedIn(app));
  t.equal((await other('POST', '/api/links/', { code: 'taken-code' })).statusCode, 201);

  const taken = await me('POST', '/api/links/', { code: 'taken-code' });
  t.equal(taken.statusCode, 409);
  t.same(taken.json(), { detail: 'Bad request', code: 'ValidationError', errors: { code: ['Referral code taken-code is already taken'] } });
  const cabinetPath = await me('POST', '/api/links/', { code: 'new' });
  t.equal(cabinetPath.statusCode, 409, '"new" is the cabinet\'s form (/partner/links/new): taken');

  for (const target of ['https://evil.com/', '//evil.com', '/\\evil.com', 'http://localhost:3000@evil.com/', 'http://evil.com#http://localhost:3000/', 'https://localhost:3000/']) {
    const res = await me('POST', '/api/links/', { target_url: target });
    t.equal(res.statusCode, 400, target);
    t.equal(res.json().code, 'ValidationError');
    t.match(res.json().errors.target_url[0], 'The target must be a page of http://localhost:3000', `${target}: the allowed origin named`);
  }
  const badCode = await me('POST', '/api/links/', { code: 'no spaces!' });
  t.same([badCode.statusCode, Object.keys(badCode.json().errors)], [400, ['code']]);
  const halfDirection = await me('POST', '/api/links/', { cur_from: 'BTC' });
  t.same([halfDirection.statusCode, Object.keys(halfDirection.json().errors)], [400, ['cur_from']]);
  const mine = (await me('POST', '/api/links/', { code: 'mine-code', visibility: 'archived' })).json();
  for (const field of ['type', 'code']) {
    const change = await me('PATCH', `/api/links/${mine.code}/`, { [field]: 'agent' });
    t.same([change.statusCode, change.json().errors], [400, { [field]: ['Unknown field.'] }], `the ${field} never changes`);
  }
  const offSite = await me('PATCH', `/api/links/${mine.code}/`, { target_url: 'https://evil.com/' });
  t.same([offSite.statusCode, Object.keys(offSite.json().errors)], [400, ['target_url']], 'PATCH refuses off-site targets too');
  const badType = await me('POST', '/api/links/', { type: 'robot' });
  t.same([badType.statusCode, badType.json().code, Object.keys(badType.json().errors)], [400, 'ValidationError', ['type']]);
  const malformed = await app.inject({ method: 'POST', url: '/api/links/', headers: { ...(await signedIn(app)).headers, 'content-type': 'application/json' }, payload: '{"name":' });
  t.same([malformed.statusCode, malformed.json().code], [400, 'ParseError']);

  t.equal((await me('POST', '/api/links/', { name: 'one' })).statusCode, 201);
  const second = await me('POST', '/api/links/', { name: 'two' });
  t.equal(second.statusCode, 201);
  const third = await me('POST', '/api/links/', { name: 'three' });
  t.equal(third.statusCode, 400);
  t.same(third.json(), { detail: 'Bad request', code: 'ValidationError', errors: { non_field_errors: ['A partner may hold at most 2 links (archive one first)'] } });
  t.equal((await me('POST', `/api/links/${second.json().code}/archive/`)).statusCode, 200);
  t.equal((await me('POST', '/api/links/', { name: 'three' })).statusCode, 201, 'archiving frees a place');
  const unarchive = await me('PATCH', `/api/links/${second.json().code}/`, { visibility: 'listed' });
  t.same([unarchive.statusCode, unarchive.json().errors?.non_field_errors?.length], [400, 1], 'un-archiving counts against the limit');
  t.equal((await me('POST', '/api/links/', { name: 'four', visibility: 'archived' })).statusCode, 400, 'a link created archived still needs a place: the limit is not a way round');
});

t.test('POST/PATCH /api/links/ › null clears a field as documented (name, the direction); [0] is refused, never read as null', async (t) => {
  const app = await build(t);
  const as = call(app, await signedIn(app));
  const created = await as('POST', '/api/links/', { code: 'nulls', name: null, cur_from: 'BTC', cur_to: 'ETH', visible_partner_ids: [3] });
  t.same([created.statusCode, created.json().name], [201, null], 'name: null on create');
  const cleared = await as('PATCH', '/api/links/nulls/', { name: 'Named' }).then(() => as('PATCH', '/api/links/nulls/', { name: null, cur_from: null, cur_to: null }));
  t.equal(cleared.statusCode, 200, cleared.body);
  t.match(cleared.json(), { name: null, target: { kind: 'home' } }, 'the name and the direction are gone');
  const zero = await as('PATCH', '/api/links/nulls/', { visible_partner_ids: [0] });
  t.same([zero.statusCode, zero.json().code], [400, 'ValidationError'], 'a partner id 0 is an error');
  t.same((await as('GET', '/api/links/nulls/')).json().visible_partner_ids, [3], 'and the list is unchanged, not emptied');
});

t.test('POST /api/links/ › a name is counted in characters, not UTF-16 units: 150 emoji are a valid name', async (t) => {
  const app = await build(t);
  const as = call(app, await signedIn(app));
  const emoji = await as('POST', '/api/links/', { name: '🚀'.repeat(150) });
  t.same([emoji.statusCode, [...emoji.json().name ?? ''].length], [201, 150], emoji.body.slice(0, 200));
  t.equal((await as('POST', '/api/links/', { name: '🚀'.repeat(201) })).statusCode, 400, 'past 200 characters');
  t.equal((await as('PATCH', `/api/links/${emoji.json().code}/`, { name: '春'.repeat(200) })).statusCode, 200);
});

t.test('/api/links/{code}/ › another partner\'s code is NotFound for every route, and the link stays unchanged', async (t) => {
  const app = await build(t);
  const owner = call(app, await signedIn(app));
  const intruder = call(app, await signedIn(app));
  await owner('POST', '/api/links/', { code: 'mine', name: 'Mine' });
  const notFound = { detail: 'Not found', code: 'NotFound' };
  for (const [method, url, payload] of [
    ['GET', '/api/links/mine/'], ['PATCH', '/api/links/mine/', { name: 'Stolen' }], ['PATCH', '/api/links/mine/', { visibility: 'archived' }],
    ['POST', '/api/links/mine/archive/'], ['GET', '/api/links/mine/stats/'], ['GET', '/api/links/nobody-has-this/'], ['GET', '/api/links/bad%20code/'],
  ] as const) {
    const res = await intruder(method, url, payload);
    t.same([res.statusCode, res.json()], [404, notFound], `${method} ${url}`);
  }
  t.same((await intruder('GET', '/api/links/')).json().data, [], 'not in the intruder\'s list');
  t.match((await owner('GET', '/api/links/mine/')).json(), { name: 'Mine', visibility: 'listed' });
  t.equal((await app.inject({ url: '/api/links/mine/' })).statusCode, 401, 'no token');
});

t.test('GET /api/links/{code}/stats/ › clicks, exchanges, earnings and conversion by day, totals, CSV', async (t) => {
  const app = await build(t);
  const me = await signedIn(app);
  const as = call(app, me);
  const link = (await as('POST', '/api/links/', { code: 'stats-link' })).json();
  const other = (await as('POST', '/api/links/', { code: 'other-link' })).json();
  const click = (linkId: number, i: number, time: number, extra = {}) => ({ partnerId: me.partner.id, linkId, userHash: `v${linkId}-${i}`, time, ...extra });
  const exchange = (linkId: number, i: number, time: number, status: 'success' | 'pending', reward: number) => ({
    externalId: `e${linkId}-${i}`, partnerId: me.partner.id, linkId, time, curGive: 'BTC', curGet: 'PMUSD', amountGive: '1', amountGet: '1',
    courseGive: '1', courseGet: '1', status, reward,
  });
  await app.repos.partnerReports.bulkInsert({
    clicks: [
      click(link.id, 1, T0 + 10), click(link.id, 2, T0 + 20), click(link.id, 3, T0 + 30, { isBot: true }), click(link.id, 4, T0 + 40, { isRepeat: true }),
      click(link.id, 5, T0 + DAY + 5), click(link.id, 6, T0 + DAY + 6), click(link.id, 7, T0 + DAY + 7),
      click(other.id, 1, T0 + 50), click(link.id, 8, T0 - 100),
    ],
    exchanges: [
      exchange(link.id, 1, T0 + 100, 'success', 145_000_000), exchange(link.id, 2, T0 + DAY + 100, 'pending', 0),
      exchange(link.id, 3, T0 + DAY + 200, 'success', 1), exchange(other.id, 1, T0 + 300, 'success', 999_000_000),
    ],
  });
  const range = `from=${T0}&to=${T0 + 3 * DAY - 1}`;
  const res = await as('GET', `/api/links/stats-link/stats/?${range}`);
  t.equal(res.statusCode, 200);
  t.same(res.json(), {
    code: 'stats-link',
    data: [
      { date: '2026-01-10', clicks: 2, exchanges: 1, successful: 1, earnings: '1.45', conversion: '50.00' },
      { date: '2026-01-11', clicks: 3, exchanges: 2, successful: 1, earnings: '0.00000001', conversion: '33.33' },
    ],
    totals: { clicks: 5, exchanges: 3, successful: 2, earnings: '1.45000001', conversion: '40.00', from: T0, to: T0 + 3 * DAY - 1 },
  });
  for (const ask of [{ query: '&format=csv', headers: {} }, { query: '', headers: { accept: 'text/csv' } }] as { query: string; headers: Record<string, string> }[]) {
    const csv = await as('GET', `/api/links/stats-link/stats/?${range}${ask.query}`, undefined, ask.headers);
    t.match(csv.headers['content-type'], /^text\/csv/);
    t.same(csv.body.split('\r\n'), ['date,clicks,exchanges,successful,earnings,conversion', '2026-01-10,2,1,1,1.45,50.00', '2026-01-11,3,2,1,0.00000001,33.33', '']);
  }
  const reversed = await as('GET', `/api/links/stats-link/stats/?from=${T0 + DAY}&to=${T0}`);
  t.same([reversed.statusCode, Object.keys(reversed.json().errors)], [400, ['from']]);
  t.equal((await as('GET', `/api/links/stats-link/stats/?${range}`, undefined, { accept: 'application/xml' })).statusCode, 406);
});
