// The PostgreSQL engine's own behaviour behind the Database interface.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { pgMigrationsDir } from '../../../src/paths.js';
import { openPgDatabase } from '../../../src/db/pg/index.js';
import { createTestSchema, openTestPgDatabase, PG_TEST_URL } from '../../helpers/pg.js';

const skip = PG_TEST_URL ? false : 'PostgreSQL only: set RATELINK_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)';

const open = (t: Test) => openTestPgDatabase(t, 4);

t.test('click batch › one transaction; the database decides repeats, also of a visitor twice in one batch', { skip }, async (t) => {
  const { repos, createClickWriter } = await open(t);
  const partner = await repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '1' });
  const link = (await repos.links.insert({ code: 'batch1', partnerId: partner.id }))!;
  const at = 1_700_000_000;
  const click = (userHash: string, time: number, extra = {}) => ({ partnerId: partner.id, linkId: link.id, userHash, time, ...extra });
  const writer = createClickWriter({ windowSeconds: 1800 });
  const recorded = await writer.write([
    click('visitorA', at), click('visitorB', at), click('visitorA', at + 10), click('botvisitor', at, { isBot: true }),
    click('visitorA', at + 1800), click('visitorA', at + 1801),
  ]);
  t.same(recorded.map((r) => r.isRepeat), [false, false, true, false, false, true]);
  t.same(recorded.map((r) => r.id), [...recorded.map((r) => r.id)].sort((a, b) => a - b), 'ids in batch order');
  const stored = await repos.clicks.listByUser('visitorA');
  t.same(stored.map((c) => [c.id, c.time, c.isRepeat]), recorded.filter((_, i) => [0, 2, 4, 5].includes(i)).map((r, j) => [r.id, [at, at + 10, at + 1800, at + 1801][j], r.isRepeat]));
  t.same(await writer.write([]), []);
});

t.test('money › balances near 2^53 come back as exact numbers; sums as bigint', { skip }, async (t) => {
  const { repos } = await open(t);
  const partner = await repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '1' });
  const big = Number.MAX_SAFE_INTEGER - 1;
  await repos.ledger.adjust({ partnerId: partner.id, amount: big, reason: 'near the limit', at: 1 });
  const row = (await repos.partners.findById(partner.id))!;
  t.equal(typeof row.balance, 'number');
  t.equal(row.balance, big);
  t.equal(await repos.ledger.sumByPartner(partner.id), BigInt(big));
  await t.rejects(repos.ledger.adjust({ partnerId: partner.id, amount: 2, reason: 'past it', at: 2 }), { code: 'RL_BALANCE_LIMIT' });
  t.equal((await repos.partners.findById(partner.id))!.balance, big, 'nothing moved');
});

t.test('unit of work › all or nothing, on one connection; the outer repositories refuse to join it', { skip }, async (t) => {
  const { repos } = await open(t);
  const partner = await repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '1' });
  await t.rejects(repos.transaction(async (tx) => {
    await tx.ledger.adjust({ partnerId: partner.id, amount: 500, reason: 'rolled back', at: 1 });
    t.equal((await tx.partners.findById(partner.id))!.balance, 500, 'the transaction sees its own write');
    throw new Error('boom');
  }), { message: 'boom' });
  t.equal((await repos.partners.findById(partner.id))!.balance, 0);
  t.same(await repos.ledger.listByPartner(partner.id), []);
  await t.rejects(repos.transaction(async () => repos.partners.count()), { message: /use tx/ });
});

t.test('backup › refused with a pointer to pg_dump', { skip }, async (t) => {
  const database = await open(t);
  await t.rejects(database.backup('/tmp/never-written.db'), { message: /pg_dump/ });
  await t.resolves(database.ping());
});

t.test('migrations › three instances starting together on an empty schema: applied once, all serve', { skip }, async (t) => {
  const schema = await createTestSchema();
  t.teardown(() => schema.drop());
  const opened = await Promise.all([1, 2, 3].map(() => openPgDatabase(schema.url, { poolSize: 2 })));
  t.teardown(() => Promise.all(opened.map((d) => d.close())));
  const applied = await opened[0]!.pool.query('select count(*)::int as n from __drizzle_migrations');
  t.equal(applied.rows[0].n, pgMigrations(), 'one row per migration');
  for (const database of opened) t.equal(await database.repos.partners.count(), 0);
});

t.test('migrations › a search_path naming no existing schema is refused, saying so', { skip }, async (t) => {
  const url = new URL(PG_TEST_URL!);
  url.searchParams.set('options', '-c search_path=rl_test_missing_schema');
  await t.rejects(openPgDatabase(url.toString(), { poolSize: 1 }), { message: /no schema named in search_path \(rl_test_missing_schema\) exists: create it first/ });
});

/** The committed PostgreSQL migrations (drizzle/pg/meta/_journal.json). */
function pgMigrations(): number {
  const journal = JSON.parse(readFileSync(join(pgMigrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}
