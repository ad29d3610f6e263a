// Hostile input on every route of the REST API, enumerated from its own OpenAPI document so a
// new route is swept without touching this file: each body field, query parameter and path
// parameter gets control characters, CR/LF, a megabyte, a repeated key, JSON of every wrong
// type, numbers at the edges and unicode oddities; each body route gets bodies of other types.
// Always an answer of the error catalogue (never a 500, a stack trace or a split header), and a
// value of the wrong type a ValidationError naming the field, never a silent conversion.
// Runs on PostgreSQL with RATELINK_TEST_DATABASE_URL (which refuses a NUL where SQLite keeps it).
import t, { type Test } from 'tap';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { build } from '../../helpers/build.js';
import { makeMethod } from '../../helpers/ledger-factory.js';
import { PASSWORD, signedIn } from '../../helpers/rest-api.js';
import { commonProblems } from '../../helpers/hostile.js';

// Thousands of requests: on PostgreSQL beside the rest of the suite more than tap's minute.
t.setTimeout(240_000);

const CATALOGUE = new Set(['AuthenticationFailed', 'MethodNotAllowed', 'NotAcceptable', 'NotAuthenticated', 'NotFound', 'ParseError',
  'PermissionDenied', 'Throttled', 'TokenExpired', 'UnsupportedMediaType', 'ValidationError', 'ServiceUnavailable']);

/** Raw JSON texts (1e309 and a lone surrogate can not be written with JSON.stringify). */
const JSON_VALUES: Record<string, string> = {
  nul: '"a\\u0000b"', soh: '"a\\u0001b"', esc: '"a\\u001bb"', del: '"a\\u007fb"', crlf: '"a\\r\\nSet-Cookie: x=1"', megabyte: `"${'x'.repeat(1 << 20)}"`,
  true: 'true', one: '1', object: '{}', array: '[]', null: 'null', minusZero: '-0', overflow: '1e309', past2to53: '9007199254740993',
  float: '1.5', negative: '-1', leadingZeros: '"007"', hex: '"0x10"', spaces: '" 1 "', loneSurrogate: '"\\ud800"', bidi: '"\\u202eabc"', zeroWidth: '"a\\u200bb"',
};
/** Percent-encoded for a query or a path. */
const URL_VALUES: Record<string, string> = {
  nul: 'a%00b', soh: 'a%01b', crlf: 'a%0d%0aSet-Cookie:%20x=1', megabyte: 'x'.repeat(1 << 20), minusZero: '-0', overflow: '1e309',
  past2to53: '9007199254740993', leadingZeros: '007', hex: '0x10', spaces: '%201%20', float: '1.0', exponent: '1e3', true: 'true',
  loneSurrogate: '%ED%A0%80', badUtf8: '%FF', bidi: '%E2%80%AEabc', zeroWidth: 'a%E2%80%8Bb', empty: '',
};
/** What each wrong JSON type must be told, by the field's schema type. */
const WRONG_TYPES: Record<string, { values: string[]; message: string }> = {
  string: { values: ['true', 'one', 'object', 'array', 'minusZero', 'past2to53'], message: 'Must be string.' },
  integer: { values: ['true', 'object', 'array', 'overflow', 'past2to53', 'float', 'hex', 'spaces'], message: 'Must be integer.' },
  boolean: { values: ['one', 'object', 'array', 'hex'], message: 'Must be boolean.' },
  array: { values: ['true', 'one', 'object'], message: 'Must be array.' },
};
const NOT_DIGITS = ['overflow', 'hex', 'spaces', 'float', 'exponent', 'true'];

interface FieldSchema { type?: string; nullable?: boolean }
interface Operation {
  parameters?: Array<{ in: 'query' | 'path'; name: string; schema: FieldSchema }>;
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, FieldSchema> } }> };
}

/** Never a 500, a stack trace or a header split; an error is the catalogue's JSON. One assertion a request. */
function assertSane(t: Test, res: LightMyRequestResponse, label: string) {
  const problems = commonProblems(res);
  if (res.statusCode >= 400 && !CATALOGUE.has(res.json<{ code: string }>().code)) problems.push(`not a catalogue error: ${res.body.slice(0, 80)}`);
  t.same(problems, [], label);
}

async function fixtures(app: FastifyInstance) {
  const s = await signedIn(app, { min_payout: '1' });
  await app.repos.ledger.adjust({ partnerId: s.partner.id, amount: 1000_00000000, reason: 'credit', at: 1 });
  const method = await makeMethod(app.repos);
  const send = (request: InjectOptions) => app.inject({ ...request, headers: { ...s.headers, ...request.headers } });
  const link = (await send({ method: 'POST', url: '/api/links/', payload: { name: 'Spring' } })).json<{ code: string }>();
  const hook = (await send({ method: 'POST', url: '/api/webhooks/', payload: { url: 'https://hooks.example.com/rl' } })).json<{ id: number }>();
  const postback = (await send({ method: 'POST', url: '/api/postbacks/', payload: { url: 'https://tracker.example/p?s={sub1}', events: ['exchange.success'] } })).json<{ id: number }>();
  const payout = (await send({ method: 'POST', url: '/api/payouts/', payload: { method_id: method.id, account: 'U1', amount: '1' } })).json<{ payout: { id: number } }>();
  const key = (await send({ method: 'POST', url: '/api/keys/' })).json<{ prefix: string }>();
  // A valid body per path, so that a field's value alone decides the answer.
  const bodies: Record<string, Record<string, unknown>> = {
    '/api/auth/': { login: s.email, password: PASSWORD }, '/api/auth/refresh/': { refresh: s.refresh },
    '/api/payouts/': { method_id: method.id, account: 'U1234567', amount: '1' }, '/api/links/': { name: 'N' }, '/api/links/{code}/': { name: 'N' },
    '/api/webhooks/': { url: 'https://hooks.example.com/a' }, '/api/postbacks/': { url: 'https://tracker.example/q?s={sub1}', events: ['exchange.success'] },
    '/api/webhooks/{id}/': { enabled: true }, '/api/postbacks/{id}/': { enabled: true }, '/api/webhooks/{id}/replay/': { from: 1, to: 2 },
  };
  // The id in a path is of the kind of row the route is about.
  const ids: Record<string, number> = { webhooks: hook.id, postbacks: postback.id, payouts: payout.payout.id };
  const path = (route: string, name: string) => (name === 'id' ? String(ids[route.split('/')[2]!]) : name === 'code' ? link.code : key.prefix);
  return { send, bodies, path };
}

t.test('every route of the OpenAPI document, every field, every hostile value', async (t) => {
  const app = await build(t);
  const { send, bodies, path } = await fixtures(app);
  const doc = (await app.inject({ url: '/api/schema.json' })).json<{ paths: Record<string, Record<string, Operation>> }>();
  // Deleting, archiving and cancelling last: the other routes meet the rows still there.
  const last = (route: string, verb: string) => Number(verb === 'delete' || /archive|cancel/.test(route));
  const operations = Object.entries(doc.paths).flatMap(([route, verbs]) => Object.entries(verbs).map(([verb, operation]) => ({ route, verb, operation })))
    .sort((a, b) => last(a.route, a.verb) - last(b.route, b.verb));
  t.ok(operations.length >= 30, `the document lists the routes (${operations.length})`);
  for (const { route, verb, operation } of operations) {
    {
      const method = verb.toUpperCase() as InjectOptions['method'];
      const url = (over: Record<string, string> = {}) => route.replace(/\{(\w+)\}/g, (_, name: string) => over[name] ?? path(route, name));
      await t.test(`${method} ${route}`, async (t) => {
        for (const param of operation.parameters ?? []) {
          for (const [name, value] of Object.entries(URL_VALUES)) {
            const target = param.in === 'path' ? url({ [param.name]: value }) : `${url()}?${param.name}=${value}`;
            const res = await send({ method, url: target });
            assertSane(t, res, `${param.in} ${param.name}=${name}`);
            if (param.schema.type === 'integer' && NOT_DIGITS.includes(name)) {
              t.same([res.statusCode, res.json().errors], [400, { [param.name]: ['Must be integer.'] }], `${param.in} ${param.name}=${name}: told, not guessed`);
            }
          }
          if (param.in === 'query') {
            const res = await send({ method, url: `${url()}?${param.name}=1&${param.name}=2` });
            assertSane(t, res, `${param.name} repeated`);
            t.equal(res.statusCode, 400, `${param.name} repeated: a list is not a value`);
          }
        }
        const fields = operation.requestBody?.content['application/json']?.schema.properties ?? {};
        for (const [field, schema] of Object.entries(fields)) {
          for (const [name, value] of Object.entries(JSON_VALUES)) {
            const payload = JSON.stringify({ ...bodies[route], [field]: '\u0000' }).replace('"\\u0000"', value);
            const res = await send({ method, url: url(), payload, headers: { 'content-type': 'application/json' } });
            assertSane(t, res, `${field}=${name}`);
            const rule = schema.type ? WRONG_TYPES[schema.type] : undefined;
            if (rule?.values.includes(name)) t.same([res.statusCode, res.json().errors], [400, { [field]: [rule.message] }], `${field}=${name}: told, not converted`);
            if (name === 'null' && schema.type && !schema.nullable) t.same([res.statusCode, res.json().errors], [400, { [field]: ['Must not be null.'] }], `${field}=null`);
          }
        }
        if (method === 'GET' || method === 'HEAD') return;
        const bodiesOfOtherTypes: Array<[string, string]> = [
          ['application/json', ''], ['application/json', '[]'], ['application/json', '"x"'], ['application/json', '{"a":'], ['application/json; charset=latin1', '{}'],
          ['application/x-www-form-urlencoded', '{"a":1}'], ['application/x-www-form-urlencoded', 'a=%00&a=2'], ['text/plain', 'x'], ['application/xml', '<a/>'],
          ['multipart/form-data; boundary=x', '--x--'],
        ];
        for (const [type, payload] of bodiesOfOtherTypes) assertSane(t, await send({ method, url: url(), payload, headers: { 'content-type': type } }), `${type} ${JSON.stringify(payload)}`);
      });
    }
  }
});
