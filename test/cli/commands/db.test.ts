// ratelink db migrate (alias: migrate) / db copy.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import t, { type Test } from 'tap';
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../../src/db/sqlite/schema.js';
import * as pgSchema from '../../../src/db/pg/schema.js';
import { openPgDatabase } from '../../../src/db/pg/index.js';
import { adminHeaders, build } from '../../helpers/build.js';
import { cliIn } from '../../helpers/cli.js';
import { exchangeBody } from '../../helpers/ledger-factory.js';
import { callApi, click, makePartner, seed } from '../../helpers/partner-api.js';
import { createTestSchema, PG_TEST_URL } from '../../helpers/pg.js';

const NEEDS_PG = PG_TEST_URL ? false : 'needs PostgreSQL: set RATELINK_TEST_DATABASE_URL';

/** The CLI, and an app on a SQLite file of its own to fill before copying it. */
async function ledgerToCopy(t: Test) {
  const { cli, dbPath } = cliIn(t);
  const file = join(dirname(dbPath), 'ledger.db');
  return { cli, file, app: await build(t, { dbPath: file }) };
}

/** A new empty PostgreSQL schema, dropped after the test. */
async function emptyTarget(t: Test) {
  const schema = await createTestSchema();
  t.teardown(() => schema.drop());
  return schema;
}

t.test('ratelink db migrate › creates every ledger table in a new file, WAL on (no admin token needed)', async (t) => {
  const { cli, dbPath } = cliIn(t);
  const { code, output } = await cli('db', 'migrate');
  t.equal(code, 0);
  t.equal(output, `Database ${dbPath} is up to date.\n`);
  const db = new BetterSqlite3(dbPath, { readonly: true });
  const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name <> 'sqlite_sequence' order by name").all() as Array<{ name: string }>;
  // Every table the schema declares, whatever later issues add.
  const declared = Object.values(schema).filter((value) => is(value, SQLiteTable)).map((table) => getTableName(table as SQLiteTable));
  t.ok(declared.length >= 14);
  t.same(tables.map((r) => r.name), declared.sort());
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
});

t.test('ratelink migrate › an alias of db migrate: same work, same answer', async (t) => {
  const { cli, dbPath } = cliIn(t);
  const { code, output } = await cli('migrate');
  t.equal(code, 0);
  t.equal(output, `Database ${dbPath} is up to date.\n`);
  const help = await cli('--help');
  t.match(help.output, /ratelink migrate\n\s+Alias of db migrate/);
});

t.test('ratelink db copy › every row, id and balance of a SQLite ledger in PostgreSQL; sequences advanced; checked', {
  skip: NEEDS_PG,
}, async (t) => {
  const { cli, file, app } = await ledgerToCopy(t);
  const a = await makePartner(app, 'Alpha', { reward_percent: '10', min_payout: '1' }, 'alpha1');
  await makePartner(app, 'Beta', {}, 'beta22');
  await seed(app, { clicks: [click(a.partner.id, 1_700_000_000), click(a.partner.id, 1_700_000_001, { isRepeat: true })] });
  for (const id of ['x1', 'x2', 'x3']) {
    await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: id, ref_code: 'alpha1', reward_base_amount: '123.45678901' }) });
  }
  await app.inject({ method: 'POST', url: `/admin/partners/${a.partner.id}/adjustments`, headers: adminHeaders, payload: { amount: '-0.00000001', reason: 'rounding' } });
  t.equal((await callApi(app, a.apiKey, 'get_info')).statusCode, 200, 'the key is used: its partner\'s address is recorded');
  const sourceBalance = (await app.repos.partners.findById(a.partner.id))!.balance;
  const sourceEntries = await app.repos.ledger.listByPartner(a.partner.id);
  await app.close();

  const schema = await emptyTarget(t);
  const copied = await cli('db', 'copy', '--from', `sqlite:${file}`, '--to', schema.url, '--json');
  t.equal(copied.code, 0, copied.output);
  const report = JSON.parse(copied.output) as { tables: Record<string, number> };
  t.match(report, { tables: { partners: 2, clicks: 2, exchanges: 3, ledger_entries: 4, api_keys: 2, referral_links: 2, partner_addresses: 1 } });
  const declared = Object.values(pgSchema).filter((value) => is(value, PgTable)).map((table) => getTableName(table as PgTable));
  t.same(Object.keys(report.tables).sort(), declared.sort(), 'every table of the schema is copied and counted');

  const pg = await openPgDatabase(schema.url, { poolSize: 2 });
  t.teardown(() => pg.close());
  t.equal((await pg.repos.partners.findById(a.partner.id))!.balance, sourceBalance);
  t.ok(sourceBalance > 0);
  t.same(await pg.repos.ledger.listByPartner(a.partner.id), sourceEntries, 'every entry, id and amount');
  const next = await pg.repos.partners.insert({ name: 'New', email: 'n@example.test', rewardPercent: '1' });
  t.equal(next.id, 3, 'the id sequence continues after the copied ids');

  const again = await cli('db', 'copy', '--from', `sqlite:${file}`, '--to', schema.url);
  t.equal(again.code, 1);
  t.match(again.output, /not empty/);
  t.notMatch(again.output, /postgres:\/\//, 'the connection string is not echoed');
});

t.test('ratelink db copy › a source that is missing or not SQLite is named; nothing is created', {
  skip: NEEDS_PG,
}, async (t) => {
  const { cli, dbPath } = cliIn(t);
  const schema = await emptyTarget(t);
  const missing = join(dirname(dbPath), 'no-such-ledger.db');
  const absent = await cli('db', 'copy', '--from', `sqlite:${missing}`, '--to', schema.url);
  t.equal(absent.code, 2);
  t.match(absent.output, `${missing} does not exist`);
  t.notOk(existsSync(missing), 'no empty ledger made from a typo');
  const junk = join(dirname(dbPath), 'notes.db');
  writeFileSync(junk, 'not a database, just notes\n'.repeat(200));
  const notSqlite = await cli('db', 'copy', '--from', `sqlite:${junk}`, '--to', schema.url);
  t.equal(notSqlite.code, 1);
  t.match(notSqlite.output, `error: ${junk} is not a SQLite database`);
});

t.test('ratelink db copy › a ledger that does not add up is refused and rolled back: the target stays empty', {
  skip: NEEDS_PG,
}, async (t) => {
  const { cli, file, app } = await ledgerToCopy(t);
  const a = await makePartner(app, 'Alpha', { reward_percent: '10' }, 'alpha1');
  await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'x1', ref_code: 'alpha1', reward_base_amount: '100' }) });
  await app.close();
  // A balance edited behind the ledger's back: it no longer equals the sum of its entries.
  const sqlite = new BetterSqlite3(file);
  sqlite.prepare('update partners set balance = balance + 1 where id = ?').run(a.partner.id);
  sqlite.close();

  const schema = await emptyTarget(t);
  const copied = await cli('db', 'copy', '--from', `sqlite:${file}`, '--to', schema.url);
  t.equal(copied.code, 1);
  t.match(copied.output, /differ/);
  const pg = await openPgDatabase(schema.url, { poolSize: 1 });
  t.teardown(() => pg.close());
  t.same((await pg.pool.query('select count(*)::int as n from partners')).rows, [{ n: 0 }], 'nothing was committed');
});

t.test('ratelink db copy › a copy PostgreSQL refuses half-way says which table and why, echoes no row, leaves the target empty', {
  skip: NEEDS_PG,
}, async (t) => {
  const { cli, file, app } = await ledgerToCopy(t);
  const a = await makePartner(app, 'Alpha', { reward_percent: '10' }, 'alpha1');
  await seed(app, { clicks: [click(a.partner.id, 1_700_000_000), click(a.partner.id, 1_700_000_001)] });
  await app.close();

  const schema = await emptyTarget(t);
  // The partners go in, then PostgreSQL refuses a click (as it would a value SQLite let through).
  const pg = await openPgDatabase(schema.url, { poolSize: 1 });
  t.teardown(() => pg.close());
  await pg.pool.query('alter table clicks add constraint h_refuse check (id < 2)');
  const copied = await cli('db', 'copy', '--from', `sqlite:${file}`, '--to', schema.url);
  t.equal(copied.code, 1);
  t.match(copied.output, /^error: the copy failed at clicks: new row for relation "clicks" violates check constraint "h_refuse"/);
  t.match(copied.output, /nothing was committed/);
  t.notMatch(copied.output, /insert into|params|@example/, 'neither the statement nor the rows are echoed');
  t.equal(copied.output.split('\n').length, 2, 'one line');
  t.same((await pg.pool.query('select count(*)::int as n from partners')).rows, [{ n: 0 }], 'the partners copied before are rolled back');
});

// A rollback after an update, or an older CLI: the database holds a migration this code lacks.
// drizzle's migrator only looks for migrations newer than the last applied, so it used to say
// "up to date" and serve (or copy from, dropping the columns it does not know) a newer schema.
const FUTURE = 4_102_444_800_000; // 2100-01-01

t.test('ratelink db migrate › refuses a SQLite database migrated by a newer ratelink', async (t) => {
  const { cli, dbPath } = cliIn(t);
  t.equal((await cli('db', 'migrate')).code, 0);
  const sqlite = new BetterSqlite3(dbPath);
  sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values ('from-the-future', ?)").run(FUTURE);
  sqlite.close();
  const again = await cli('db', 'migrate');
  t.equal(again.code, 1);
  t.equal(again.output, 'error: the database was migrated by a newer ratelink (a migration of 2100-01-01 this version does not have); run that version, or restore the backup taken before the update\n');
});

t.test('ratelink db copy › refuses a PostgreSQL target migrated by a newer ratelink, and leaves it as it was', {
  skip: NEEDS_PG,
}, async (t) => {
  const { cli, file, app } = await ledgerToCopy(t);
  await makePartner(app, 'Alpha', {}, 'alpha1');
  await app.close();
  const schema = await emptyTarget(t);
  const pg = await openPgDatabase(schema.url, { poolSize: 1 });
  t.teardown(() => pg.close());
  await pg.pool.query("insert into __drizzle_migrations (hash, created_at) values ('from-the-future', $1)", [FUTURE]);

  const copied = await cli('db', 'copy', '--from', `sqlite:${file}`, '--to', schema.url);
  t.equal(copied.code, 1);
  t.match(copied.output, /^error: the database was migrated by a newer ratelink \(a migration of 2100-01-01 this version does not have\)/);
  t.same((await pg.pool.query('select count(*)::int as n from partners')).rows, [{ n: 0 }]);
  const migrated = await cli('db', 'migrate');
  t.equal(migrated.code, 0, 'the SQLite side is unaffected');
});

// SQLite's AUTOINCREMENT never hands out an id again, even the last one deleted (a webhook
// endpoint, a replaced direction): on PostgreSQL the sequence must not either.
t.test('ratelink db copy › the sequences continue after the highest id SQLite ever issued, deleted ones included', {
  skip: NEEDS_PG,
}, async (t) => {
  const { cli, file, app } = await ledgerToCopy(t);
  for (const name of ['a', 'b']) {
    const created = await app.inject({ method: 'POST', url: '/admin/webhooks', headers: adminHeaders, payload: { url: `https://hooks.example.com/${name}` } });
    t.equal(created.statusCode, 201);
  }
  await app.repos.events.deleteEndpoint(2);
  await app.close();

  const schema = await emptyTarget(t);
  const copied = await cli('db', 'copy', '--from', `sqlite:${file}`, '--to', schema.url);
  t.equal(copied.code, 0);
  t.match(copied.output, /\nCopied and checked: row counts equal, balances 0 = entries 0 on both sides\.\n$/);
  const pg = await openPgDatabase(schema.url, { poolSize: 1 });
  t.teardown(() => pg.close());
  const next = await pg.pool.query("select nextval(pg_get_serial_sequence('event_endpoints', 'id'))::int as id");
  t.same(next.rows, [{ id: 3 }], 'endpoint 2 is not issued again');
});

t.test('ratelink db copy › the check line shows the totals in the reward currency, not in 10^-8 units', {
  skip: NEEDS_PG,
}, async (t) => {
  const { cli, file, app } = await ledgerToCopy(t);
  await makePartner(app, 'Alpha', { reward_percent: '10' }, 'alpha1');
  await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ external_id: 'x1', ref_code: 'alpha1', reward_base_amount: '123.45' }) });
  await app.close();
  const schema = await emptyTarget(t);
  const copied = await cli('db', 'copy', '--from', `sqlite:${file}`, '--to', schema.url);
  t.equal(copied.code, 0);
  t.match(copied.output, /\nCopied and checked: row counts equal, balances 12\.34 = entries 12\.34 on both sides\.\n$/);
});
