import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import t from 'tap';
import { cliIn } from '../../helpers/cli.js';

const SITE = { RATELINK_SITE_URL: 'https://exchanger.example' };

t.test('ratelink partner add / partner key / link add / feed add › print what they promise', async (t) => {
  const { cli } = cliIn(t, SITE);
  const partner = await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example', '--percent', '0.5', '--json');
  t.equal(partner.code, 0);
  const p = JSON.parse(partner.output);
  t.match(p, { id: 1, name: 'Acme', reward_percent: '0.5' });

  const human = await cli('partner', 'key', '--partner', '1');
  t.match(human.output, /^API key \(shown once, store it now\): [A-Za-z0-9]{40}\n/);

  const link = await cli('link', 'add', '--partner', '1', '--code', 'ACME1');
  t.equal(link.output, 'https://exchanger.example/ref/ACME1/\n');
  const dup = await cli('link', 'add', '--partner', '1', '--code', 'ACME1');
  t.equal(dup.code, 1);
  t.match(dup.output, /^error: Referral code ACME1 is already taken/);

  const feed = await cli('feed', 'add', '--name', 'bestchange', '--dialect', 'eref11', '--json');
  const f = JSON.parse(feed.output);
  t.match(f.urls.xml, /^https:\/\/exchanger\.example\/service\/export\/xml\/[A-Za-z0-9]{12}$/);
});

t.test('ratelink partner add › refuses what POST /admin/partners refuses: a bad email, a name over 200', async (t) => {
  const { cli } = cliIn(t, SITE);
  for (const [name, email, field] of [['Acme', 'not-an-email', 'email'], ['Acme', 'a@b@c.example', 'email'], ['x'.repeat(201), 'a@acme.example', 'name']]) {
    const refused = await cli('partner', 'add', '--name', name, '--email', email, '--json');
    t.equal(refused.code, 1, `${name.slice(0, 10)} ${email}`);
    t.match(JSON.parse(refused.output), { error: { code: 'RL_VALIDATION', message: new RegExp(`^Invalid ${field}: `) } });
  }
  t.same(JSON.parse((await cli('partner', 'list', '--json')).output), [], 'nothing created');
  t.equal((await cli('partner', 'add', '--name', '名'.repeat(200), '--email', 'a@acme.example')).code, 0, '200 characters is fine');
});

t.test('ratelink usage errors › exit 2 with a message; unknown command prints usage', async (t) => {
  const { cli } = cliIn(t, SITE);
  const missing = await cli('partner', 'add', '--name', 'X');
  t.equal(missing.code, 2);
  t.equal(missing.output, 'error: --email is required\n');
  const badChoice = await cli('partner', 'add', '--name', 'X', '--email', 'x@x.example', '--base', 'turnover');
  t.same([badChoice.code, badChoice.output], [2, 'error: --base must be amount or profit\n']);
  const badStatus = await cli('payout', 'list', '--status', 'done');
  t.same([badStatus.code, badStatus.output], [2, 'error: --status must be pending, paid or canceled\n']);
  const badId = await cli('link', 'add', '--partner', 'abc');
  t.equal(badId.code, 2);
  const unknown = await cli('frobnicate');
  t.equal(unknown.code, 2);
  t.match(unknown.output, /^error: unknown command "frobnicate"\n\nUsage: ratelink <command>/);
  t.match(unknown.output, /backup FILE/);
  const help = await cli('--help');
  t.equal(help.code, 0);
  const widest = Math.max(...help.output.split('\n').map((line) => line.length));
  t.ok(widest <= 100, `usage fits 100 columns (widest ${widest})`);
});

t.test('ratelink --json › an unknown or missing command is a JSON error too, exit 2', async (t) => {
  const { cli } = cliIn(t, SITE);
  const unknown = await cli('frobnicate', '--json');
  t.equal(unknown.code, 2);
  t.same(JSON.parse(unknown.output), { error: { code: 'RL_USAGE', message: 'unknown command "frobnicate"' } });
  const none = await cli('--json');
  t.equal(none.code, 2);
  t.same(JSON.parse(none.output), { error: { code: 'RL_USAGE', message: 'no command given' } });
});

t.test('ratelink --json, --help, --replace › take no value: the next word stays a command word or argument', async (t) => {
  const { cli, dbPath } = cliIn(t, SITE);
  await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example');
  const first = await cli('--json', 'partner', 'list');
  t.equal(first.code, 0, first.output);
  t.match(JSON.parse(first.output), [{ id: 1, name: 'Acme' }]);
  const file = join(dirname(dbPath), 'rates.json');
  writeFileSync(file, JSON.stringify([{ from: 'BTC', to: 'SBERRUB', in: '1', out: '6130000', amount: '4850000' }]));
  const replace = await cli('rates', 'import', '--replace', file, '--json');
  t.equal(replace.code, 0, replace.output);
  t.match(JSON.parse(replace.output), { upserted: 1 });
});

t.test('ratelink backup › an online copy that opens with the same data; refuses to overwrite', async (t) => {
  const { cli, dbPath } = cliIn(t, SITE);
  t.equal((await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example')).code, 0);
  const target = join(dirname(dbPath), 'copy.db');
  const { code } = await cli('backup', target);
  t.equal(code, 0);
  const copy = new BetterSqlite3(target, { readonly: true });
  t.same(copy.prepare('select name from partners').all(), [{ name: 'Acme' }]);
  copy.close();
  const again = await cli('backup', target);
  t.equal(again.code, 2);
  t.match(again.output, /exists/);
});

t.test('ratelink backup › a missing database is an error, not an empty copy (nor a new empty database)', async (t) => {
  const dir = t.testdir();
  const { cli } = cliIn(t, { ...SITE, RATELINK_DB: join(dir, 'data', 'ratelink.db') });
  const { code, output } = await cli('backup', join(dir, 'copy.db'));
  t.equal(code, 1);
  t.match(output, /^error: Invalid RATELINK_DB: .*ratelink\.db does not exist, nothing to back up; set RATELINK_DB, or RATELINK_ENV_FILE/);
  t.notOk(existsSync(join(dir, 'copy.db')), 'no copy written');
  t.notOk(existsSync(join(dir, 'data', 'ratelink.db')), 'no database created');
});

t.test('ratelink on a database it cannot open › names RATELINK_DB and the fix, as the server does', async (t) => {
  const notes = join(t.testdir(), 'notes.txt');
  const { cli } = cliIn(t, { ...SITE, RATELINK_DB: notes });
  writeFileSync(notes, 'these are not the rows you are looking for\n'.repeat(200));
  const human = await cli('partner', 'list');
  t.equal(human.code, 1, human.output);
  t.match(human.output, /^error: RATELINK_DB=.*notes\.txt is not a SQLite database; set RATELINK_DB to the ratelink database or to a new file\n$/);
  const json = await cli('partner', 'list', '--json');
  t.match(JSON.parse(json.output), { error: { code: 'RL_CONFIG', message: /RATELINK_DB=.*is not a SQLite database/ } });
});

t.test('ratelink demo purge › refuses a database with the operator\'s data, deletes nothing', async (t) => {
  const { cli } = cliIn(t, SITE);
  await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example', '--percent', '0.5');
  const { code, output } = await cli('demo', 'purge');
  t.equal(code, 1);
  t.match(output, /holds data the demo did not create; nothing deleted/);
  t.match(JSON.parse((await cli('partner', 'list', '--json')).output), [{ id: 1 }]);
});
