// Start-up failures an operator can fix: one line on stderr naming the setting, exit code 1.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import t, { type Test } from 'tap';
import { bundledCommand } from './helpers/bundle.js';
import { PG_TEST_URL } from './helpers/pg.js';

// Each case starts a server process; some wait out a connect timeout.
t.setTimeout(240_000);

const [command, ...args] = await bundledCommand('server');
// In the system's temporary folder, not t.testdir(): one test runs the server as another user.
const dir = mkdtempSync(join(tmpdir(), 'ratelink-startup-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>, uid?: number) {
  const child = spawn(command, args, {
    uid,
    env: { ...process.env, LOG_LEVEL: 'warn', RATELINK_DB: join(dir, `${Math.random()}.db`), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise<{ code: number | null; err: string }>((resolve) => child.on('exit', (code) => {
    clearTimeout(timer);
    resolve({ code, err: stderr });
  }));
}

function oneLine(t: Test, result: { code: number | null; err: string }, pattern: RegExp) {
  t.equal(result.code, 1);
  t.match(result.err, pattern);
  t.match(result.err, /^ratelink: [^\n]+\n$/, 'one line, no stack trace');
}

t.test('start › port in use names PORT', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  t.teardown(() => blocker.close());
  const port = String((blocker.address() as { port: number }).port);
  oneLine(t, await run({ PORT: port }), new RegExp(`PORT ${port} is already in use`));
});

// The demo's keys and admin token are printed once, after listen: a demo start that cannot listen
// must not keep demo data whose welcome nobody saw (the next start would print nothing).
t.test('start › a demo start on a taken port leaves no demo data: the next start prints the welcome', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  t.teardown(() => blocker.close());
  const port = String((blocker.address() as { port: number }).port);
  const db = join(dir, 'demo-port-taken.db');
  oneLine(t, await run({ PORT: port, RATELINK_DB: db }), new RegExp(`PORT ${port} is already in use`));
  const sqlite = new BetterSqlite3(db, { readonly: true });
  t.teardown(() => sqlite.close());
  t.same(sqlite.prepare('select count(*) as n from partners').get(), { n: 0 }, 'no demo partners, keys or token kept');
  t.same(sqlite.prepare("select count(*) as n from settings where key = 'demo_data'").get(), { n: 0 }, 'not marked: the next demo start loads and prints again');
});

t.test('start › an unresolvable HOST names HOST', async (t) => {
  oneLine(t, await run({ PORT: '0', HOST: 'no-such-host.invalid' }), /HOST=no-such-host\.invalid is not an address/);
});

t.test('start › a file that is not SQLite names RATELINK_DB', async (t) => {
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'these are not the rows you are looking for\n'.repeat(200));
  oneLine(t, await run({ PORT: '0', RATELINK_DB: file }), /RATELINK_DB=.*notes\.txt is not a SQLite database/);
});

t.test('start › RATELINK_DB naming a folder, or a path through a file, says so', async (t) => {
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  oneLine(t, await run({ PORT: '0', RATELINK_DB: folder }), /RATELINK_DB=.*a-folder is a folder; set RATELINK_DB to a file in it, such as .*a-folder\/ratelink\.db/);
  const file = join(dir, 'plain-file');
  writeFileSync(file, '');
  oneLine(t, await run({ PORT: '0', RATELINK_DB: join(file, 'sub', 'ratelink.db') }), /cannot create RATELINK_DB=.*plain-file\/sub\/ratelink\.db: part of its path is a file, not a folder; set RATELINK_DB/);
});

// scaling.md's RATELINK_DATABASE_URL: a PostgreSQL that cannot be reached names that variable,
// never HOST, and never prints the password.
t.test('start › PostgreSQL unreachable or unresolvable names RATELINK_DATABASE_URL without its password', async (t) => {
  const refused = await run({ PORT: '0', RATELINK_DATABASE_URL: 'postgres://ratelink:s3cret@127.0.0.1:1/ratelink' });
  oneLine(t, refused, /cannot reach PostgreSQL at RATELINK_DATABASE_URL=postgres:\/\/ratelink:\*\*\*@127\.0\.0\.1:1\/ratelink \(ECONNREFUSED\); start it, or fix the address in RATELINK_DATABASE_URL/);
  const unknown = await run({ PORT: '0', RATELINK_DATABASE_URL: 'postgres://ratelink:s3cret@no-such-pg.invalid/ratelink' });
  oneLine(t, unknown, /cannot resolve the host of RATELINK_DATABASE_URL=postgres:\/\/ratelink:\*\*\*@no-such-pg\.invalid\/ratelink; fix the host name/);
  t.notMatch(refused.err + unknown.err, /s3cret/);
});

// A firewall that drops packets, or a frozen server: the connection is never answered.
t.test('start › PostgreSQL that never answers names RATELINK_DATABASE_URL, after the connect timeout', async (t) => {
  const silent = createServer(() => {}).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  t.teardown(() => silent.close());
  const port = (silent.address() as { port: number }).port;
  const result = await run({ PORT: '0', RATELINK_DATABASE_URL: `postgres://ratelink:s3cret@127.0.0.1:${port}/ratelink` });
  oneLine(t, result, new RegExp(`cannot reach PostgreSQL at RATELINK_DATABASE_URL=postgres://ratelink:\\*\\*\\*@127\\.0\\.0\\.1:${port}/ratelink \\(no answer within 5 s\\); start it, or fix the address in RATELINK_DATABASE_URL`));
  t.notMatch(result.err, /s3cret/);
});

// scaling.md: instances × (pool size + 3) must stay below max_connections. A server at its limit
// answers the startup with 53300 (a stand-in here, to leave the shared server's limit alone).
t.test('start › PostgreSQL out of connections names RATELINK_DATABASE_POOL_SIZE', async (t) => {
  const fields = Buffer.from('SFATAL\0VFATAL\0C53300\0Msorry, too many clients already\0\0');
  const refusal = Buffer.concat([Buffer.from('E'), Buffer.alloc(4), fields]);
  refusal.writeInt32BE(4 + fields.length, 1);
  const full = createServer((socket) => { socket.on('error', () => {}); socket.once('data', () => socket.end(refusal)); }).listen(0, '127.0.0.1');
  await new Promise((r) => full.once('listening', r));
  t.teardown(() => full.close());
  const port = (full.address() as { port: number }).port;
  oneLine(t, await run({ PORT: '0', RATELINK_DATABASE_URL: `postgres://ratelink:s3cret@127.0.0.1:${port}/ratelink` }),
    /PostgreSQL at RATELINK_DATABASE_URL=postgres:\/\/ratelink:\*\*\*@.* has no connection left \(sorry, too many clients already\); lower RATELINK_DATABASE_POOL_SIZE or the number of instances, or raise max_connections/);
});

t.test('start › PostgreSQL refusing the login or lacking the database names RATELINK_DATABASE_URL', { skip: !PG_TEST_URL && 'needs RATELINK_TEST_DATABASE_URL' }, async (t) => {
  const noDb = new URL(PG_TEST_URL!);
  noDb.pathname = '/no_such_database_ratelink';
  oneLine(t, await run({ PORT: '0', RATELINK_DATABASE_URL: noDb.toString() }), /PostgreSQL has no database for RATELINK_DATABASE_URL=.*no_such_database_ratelink .*; create it \(createdb\) or fix the name/);
  const noRole = new URL(PG_TEST_URL!);
  noRole.username = 'no_such_role_ratelink';
  oneLine(t, await run({ PORT: '0', RATELINK_DATABASE_URL: noRole.toString() }), /PostgreSQL refused the login of RATELINK_DATABASE_URL=.*no_such_role_ratelink.*; fix the user or password/);
});

// scaling.md: "a start on a missing schema is refused, saying so" (`?options=-c search_path=…`).
t.test('start › a search_path naming no schema says so in one line', { skip: !PG_TEST_URL && 'needs RATELINK_TEST_DATABASE_URL' }, async (t) => {
  const url = new URL(PG_TEST_URL!);
  url.searchParams.set('options', '-c search_path=no_such_schema_ratelink');
  oneLine(t, await run({ PORT: '0', RATELINK_DATABASE_URL: url.toString() }), /PostgreSQL has no schema for RATELINK_DATABASE_URL=.*no_such_schema_ratelink.*: create it first \(CREATE SCHEMA name AUTHORIZATION user\)/);
});

// The metrics listener has settings of its own: its failures name them, not PORT or HOST.
t.test('start › the metrics port taken, or a metrics host not of this machine, names RATELINK_METRICS_PORT / _HOST', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  t.teardown(() => blocker.close());
  const port = String((blocker.address() as { port: number }).port);
  oneLine(t, await run({ PORT: '0', RATELINK_METRICS_PORT: port }), new RegExp(`RATELINK_METRICS_PORT ${port} is already in use on 127\\.0\\.0\\.1; stop the other server or set RATELINK_METRICS_PORT to a free port`));
  oneLine(t, await run({ PORT: '0', RATELINK_METRICS_PORT: '0', RATELINK_METRICS_HOST: 'no-such-host.invalid' }), /RATELINK_METRICS_HOST=no-such-host\.invalid is not an address of this machine; set RATELINK_METRICS_HOST/);
});

// scaling.md suggests ?sslmode=verify-full: against a server without SSL, one line rather than a stack.
t.test('start › sslmode=verify-full against a PostgreSQL without SSL says so', { skip: !PG_TEST_URL && 'needs RATELINK_TEST_DATABASE_URL' }, async (t) => {
  const url = new URL(PG_TEST_URL!);
  url.searchParams.set('sslmode', 'verify-full');
  oneLine(t, await run({ PORT: '0', RATELINK_DATABASE_URL: url.toString() }), /PostgreSQL at RATELINK_DATABASE_URL=.*sslmode=verify-full does not accept SSL connections; enable SSL on the server or remove sslmode from RATELINK_DATABASE_URL/);
});

// deployment.md's update rolled back (git checkout of the older version) onto a migrated database.
t.test('start › a database migrated by a newer ratelink names RATELINK_DB and what to do', async (t) => {
  const file = join(dir, 'newer.db');
  const first = await run({ PORT: '0', RATELINK_DB: file, RATELINK_DEMO: '1', HOST: 'no-such-host.invalid' });
  t.equal(first.code, 1, 'migrated, then stopped at listen');
  const sqlite = new BetterSqlite3(file);
  sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values ('from-the-future', 4102444800000)").run();
  sqlite.close();
  oneLine(t, await run({ PORT: '0', RATELINK_DB: file }), /^ratelink: RATELINK_DB=.*newer\.db: the database was migrated by a newer ratelink \(a migration of 2100-01-01 this version does not have\); run that version, or restore the backup taken before the update\n$/);
});

// The README's /var/lib/ratelink as a user who cannot write there (as nobody when tests run as root).
t.test('start › a database folder without permission names RATELINK_DB', async (t) => {
  const locked = join(dir, 'locked');
  mkdirSync(locked);
  chmodSync(dir, 0o755);
  chmodSync(locked, 0o555);
  const uid = process.getuid?.() === 0 ? 65534 : undefined;
  oneLine(t, await run({ PORT: '0', RATELINK_DB: join(locked, 'sub', 'ratelink.db') }, uid), /cannot write RATELINK_DB=.*permission denied/);
});

// deployment.md's restore: a copy put in place by root, in the state folder of the service's user.
t.test('start › a database file of another user says to give it to this user', { skip: process.getuid?.() !== 0 && 'needs root to own the file' }, async (t) => {
  const state = join(dir, 'state');
  mkdirSync(state);
  chownSync(state, 65534, 65534);
  const file = join(state, 'ratelink.db');
  new BetterSqlite3(file).close();
  oneLine(t, await run({ PORT: '0', RATELINK_DB: file }, 65534), /cannot write RATELINK_DB=.*ratelink\.db \(permission denied\); give this user write access to the file \(a copy restored as root: chown it\)/);
});

t.test('start › production mode without RATELINK_JWT_SECRET names it', async (t) => {
  oneLine(t, await run({ PORT: '0', RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'Kq7vR2xN9pL4mW8sT3yB6cF1hJ5dG0zAe4Uu', RATELINK_SITE_URL: 'https://ex.example' }),
    /Invalid RATELINK_JWT_SECRET: required when RATELINK_DEMO=0/);
});

t.test('start › production mode without RATELINK_SITE_URL names it', async (t) => {
  oneLine(t, await run({ PORT: '0', RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'Kq7vR2xN9pL4mW8sT3yB6cF1hJ5dG0zAe4Uu' }), /Invalid RATELINK_SITE_URL: required when RATELINK_DEMO=0/);
});
