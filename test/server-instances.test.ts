// Several ratelink processes (this tree's server, bundled) on loopback ports, sharing one
// PostgreSQL schema and one Redis, through real sockets: what a load balancer in front of them
// sees. Bounded: a few hundred requests, about half a minute. Skips when PostgreSQL does not
// answer.
import t from 'tap';
import pg from 'pg';
import { admin, createSchema, startInstance as startProcess, type Instance, type Schema } from '../bench/instances.js';
import { bundledCommand } from './helpers/bundle.js';
import { exchangeBody } from './helpers/ledger-factory.js';
import { createTestPrefix, redisReachable, REDIS_TEST_URL } from './helpers/redis.js';

const PG_URL = process.env.RATELINK_TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

async function pgReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const skip = !(await pgReachable()) ? `no PostgreSQL answers at ${PG_URL.replace(/\/\/[^@]*@/, '//')} (set RATELINK_TEST_DATABASE_URL)` : false;
const withRedis = await redisReachable();
const server = skip ? [] : await bundledCommand('server');
const startInstance = (env: Record<string, string>) => startProcess(env, 30_000, server);

let schema: Schema;
let env: Record<string, string>;
let a: Instance;
let b: Instance;
let query: (text: string, values?: unknown[]) => Promise<pg.QueryResult>;

t.before(async () => {
  if (skip) return;
  schema = await createSchema(PG_URL, 'procs');
  const keys = createTestPrefix();
  env = {
    RATELINK_DATABASE_URL: schema.url, RATELINK_DATABASE_POOL_SIZE: '4', RATELINK_CLICK_IP_LIMIT: '0',
    // Feeds change on the other instance only by LISTEN/NOTIFY within these tests.
    RATELINK_FEED_POLL_MS: '600000',
    ...(withRedis ? { RATELINK_REDIS_URL: REDIS_TEST_URL, RATELINK_REDIS_PREFIX: keys.prefix } : {}),
  };
  a = await startInstance(env); // migrates the new schema
  b = await startInstance(env);
  const pool = new pg.Pool({ connectionString: schema.url, max: 2 });
  query = (text, values) => pool.query(text, values);
  t.teardown(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await pool.end();
    await schema.drop();
    if (withRedis) await keys.clean();
  });
});

async function partnerWithLink(on: Instance, name: string) {
  const partner = (await admin(on.url, 'POST', '/admin/partners', { name, email: `${name.toLowerCase()}@example.test`, reward_percent: '10' })).body as { id: number };
  const link = (await admin(on.url, 'POST', `/admin/partners/${partner.id}/links`, {})).body as { code: string };
  const key = (await admin(on.url, 'POST', `/admin/partners/${partner.id}/keys`)).body as { api_key: string };
  return { id: partner.id, code: link.code, apiKey: key.api_key };
}

/** A click as a browser makes it: the 302 and the visitor cookie's value, or null when not acknowledged. */
async function click(on: Instance, code: string, visitor?: string): Promise<string | null> {
  const headers: Record<string, string> = { 'user-agent': CHROME, ...(visitor ? { cookie: `ratelink_uid=${visitor}` } : {}) };
  const res = await fetch(`${on.url}/ref/${code}`, { redirect: 'manual', headers });
  if (res.status !== 302) return null;
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ratelink_uid='));
  return cookie ? cookie.split(';')[0]!.slice('ratelink_uid='.length) : null;
}

const api = (on: Instance, apiKey: string, method: string, params: Record<string, string> = {}) =>
  fetch(`${on.url}/service/partner/api.php?${new URLSearchParams({ api_action: 'pp', api_key: apiKey, method, ...params })}`);

t.test('two processes › a click on A, the exchange reported to B: attributed to the click, one reward', { skip }, async (t) => {
  const partner = await partnerWithLink(a, 'Across');
  const visitor = await click(a, partner.code);
  t.ok(visitor, 'A redirected and set the visitor cookie');
  const reported = await admin(b.url, 'POST', '/admin/exchanges', exchangeBody({ external_id: 'across-1', user_hash: visitor }));
  t.equal(reported.status, 201);
  t.match(reported.body, { partner_id: partner.id, click_id: Number });
  const again = await admin(a.url, 'POST', '/admin/exchanges', exchangeBody({ external_id: 'across-1', user_hash: visitor }));
  t.equal(again.status, 200, 'the same report to A: already there');
  const ledger = (await admin(a.url, 'GET', `/admin/partners/${partner.id}/ledger`)).body as { balance: string; items: Array<{ kind: string }> };
  t.equal(ledger.items.filter((e) => e.kind === 'reward').length, 1, 'one reward');
  t.ok(Number(ledger.balance) > 0);
});

t.test('two processes › one visitor clicking through both at once: one counted click, the rest stored as repeats', { skip }, async (t) => {
  const partner = await partnerWithLink(a, 'Visitor');
  const visitor = await click(a, partner.code);
  t.ok(visitor, 'the first click set the visitor cookie');
  const again = await Promise.all(Array.from({ length: 20 }, (_, i) => click(i % 2 ? b : a, partner.code, visitor!)));
  t.equal(again.filter((v) => v === visitor).length, 20, 'every click acknowledged, the same visitor kept');
  const { rows } = await query(`select count(*)::int as total, count(*) filter (where not is_repeat)::int as counted
    from clicks where partner_id = $1`, [partner.id]);
  t.same(rows[0], { total: 21, counted: 1 }, 'one counted click of 21 stored');
  const links = await (await api(b, partner.apiKey, 'get_links')).json() as { data: { items: Record<string, unknown> } };
  t.equal(Object.keys(links.data.items).length, 1, 'get_links on B lists the one counted click');
});

t.test('two processes › 50 concurrent add_payout over A and B for one balance: exactly one wins', { skip }, async (t) => {
  const partner = await partnerWithLink(b, 'Payout');
  t.equal((await admin(a.url, 'POST', `/admin/partners/${partner.id}/adjustments`, { amount: '10', reason: 'credit' })).status, 201);
  const method = (await admin(b.url, 'POST', '/admin/payout-methods', { title: 'Bitcoin', currency: 'BTC', commission: '0' })).body as { id: number };
  const replies = await Promise.all(Array.from({ length: 50 }, async (_, i) =>
    (await api(i % 2 ? b : a, partner.apiKey, 'add_payout', { method_id: String(method.id), account: `acc${i}`, amount: '10' })).json() as Promise<{ status: string }>));
  t.equal(replies.filter((r) => r.status === 'success').length, 1);
  const { rows } = await query('select p.balance::text as balance, (select coalesce(sum(amount), 0)::text from ledger_entries where partner_id = p.id) as entries from partners p where id = $1', [partner.id]);
  t.same(rows[0], { balance: '0', entries: '0' }, 'balance 0 = the sum of the entries');
});

t.test('two processes › a rate pushed to A is served by B within half a second', { skip }, async (t) => {
  const rate = (out: string) => [{ from: 'BTC', to: 'SBERRUB', in: '1', out, amount: '4850000', minamount: '0.002', maxamount: '0.75' }];
  t.equal((await admin(a.url, 'PUT', '/admin/directions', rate('6000001'))).status, 200);
  const feed = (await admin(a.url, 'POST', '/admin/feeds', { name: 'monitor' })).body as { code: string };
  t.equal((await admin(a.url, 'PATCH', '/admin/directions', rate('6000002'))).status, 200);
  const acknowledged = Date.now();
  let body = '';
  while (Date.now() - acknowledged < 3000 && !body.includes('6000002')) {
    body = await (await fetch(`${b.url}/service/export/json/${feed.code}`)).text();
  }
  const delay = Date.now() - acknowledged;
  t.ok(body.includes('6000002') && delay < 500, `B serves the new rate ${delay} ms after A's 200`);
});

t.test('two processes › the partner API limit is shared through Redis: 60 a minute across both, not 120', { skip: skip || (withRedis ? false : 'no Redis') }, async (t) => {
  const partner = await partnerWithLink(a, 'Limits');
  const statuses = [];
  for (let i = 0; i < 70; i++) statuses.push((await api(i % 2 ? b : a, partner.apiKey, 'get_info')).status);
  t.equal(statuses.filter((s) => s === 200).length, 60);
  t.equal(statuses.filter((s) => s === 429).length, 10);
});

t.test('two processes › kill -9 of one in the middle of clicks and exchange reports: every acknowledged write is in the ledger', { skip }, async (t) => {
  const victim = await startInstance(env);
  const partner = await partnerWithLink(b, 'Crash');
  const clicked: string[] = [];
  const reported: string[] = [];
  let stop = false;
  let sequence = 0;
  async function worker(id: number) {
    while (!stop) {
      const on = id % 2 ? victim : b;
      try {
        if (sequence++ % 3 === 0) {
          const externalId = `crash-${id}-${sequence}`;
          const res = await admin(on.url, 'POST', '/admin/exchanges', exchangeBody({ external_id: externalId, ref_code: partner.code }));
          if (res.status === 201) reported.push(externalId);
        } else {
          const visitor = await click(on, partner.code);
          if (visitor) clicked.push(visitor.split('_')[0]!);
        }
      } catch { /* the killed process: not acknowledged */ }
    }
  }
  const workers = Array.from({ length: 12 }, (_, i) => worker(i));
  // Killed once enough writes were acknowledged (on a loaded machine that takes longer than 1.5 s).
  const started = Date.now();
  while ((clicked.length < 30 || reported.length < 8) && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(await victim.stop('SIGKILL'), 'SIGKILL', 'killed');
  await new Promise((resolve) => setTimeout(resolve, 700));
  stop = true;
  await Promise.all(workers);
  t.ok(clicked.length > 20 && reported.length > 5, `${clicked.length} clicks and ${reported.length} reports acknowledged`);

  const stored = new Set((await query('select user_hash from clicks')).rows.map((r: { user_hash: string }) => r.user_hash));
  t.equal(clicked.filter((v) => !stored.has(v)).length, 0, 'every acknowledged click is stored');
  const ids = new Set((await query('select external_id from exchanges')).rows.map((r: { external_id: string }) => r.external_id));
  t.equal(reported.filter((id) => !ids.has(id)).length, 0, 'every acknowledged exchange report is stored');
  const { rows } = await query(`select p.id, p.balance::text as balance, coalesce(sum(e.amount), 0)::text as entries
    from partners p left join ledger_entries e on e.partner_id = p.id group by p.id having p.balance <> coalesce(sum(e.amount), 0)`);
  t.same(rows, [], 'every balance = the sum of its entries');
  t.ok((await fetch(`${b.url}/healthz`)).ok, 'B still serves');
});
