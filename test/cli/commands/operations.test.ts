// The CLI's daily operations, on a database file as an operator runs them.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../../src/cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'ratelink-cli-ops-'));
const envFile = join(dir, 'ratelink.env');
writeFileSync(envFile, 'RATELINK_SITE_URL=https://from-file.example\nRATELINK_MAINTENANCE=1\n');
// The CLI's own environment, not the test process's: the site URL and maintenance come from the file.
const env = { RATELINK_DB: join(dir, 'ops.db'), RATELINK_DEMO: '0', RATELINK_ENV_FILE: envFile };
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { env, out: (text) => { stdout += text; }, err: (text) => { stderr += text; } });
  return { code, stdout, stderr };
}
const json = async (...argv: string[]) => JSON.parse((await cli(...argv, '--json')).stdout);

t.test('ratelink › reads the same env file as the server (RATELINK_ENV_FILE or --env-file)', async (t) => {
  t.equal((await cli('db', 'migrate')).code, 0, 'a new database is made by db migrate');
  await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example', '--percent', '10');
  t.equal((await cli('link', 'add', '--partner', '1', '--code', 'ACME1')).stdout, 'https://from-file.example/ref/ACME1/\n');
  t.match((await cli('maintenance')).stdout, /^Maintenance is on: feeds are served empty \(forced by RATELINK_MAINTENANCE\)/);
  const other = join(dir, 'other.env');
  writeFileSync(other, 'RATELINK_SITE_URL=https://flag.example\n');
  t.match((await cli('link', 'list', '--env-file', other)).stdout, /ACME1 .*https:\/\/flag\.example\/ref\/ACME1\//);
  const missing = await cli('link', 'list', '--env-file', join(dir, 'nope.env'));
  t.equal(missing.code, 1);
  t.match(missing.stderr, /^error: Invalid RATELINK_ENV_FILE: cannot read .*nope\.env \(ENOENT\)\n$/);
});

// `--env-file` with its file forgotten (last on the line): it used to be ignored, so the command
// ran on the default ./data/ratelink.db, creating it, and reported that database's state.
t.test('ratelink › --env-file without a file is a usage error, and opens no database', async (t) => {
  const db = join(dir, 'never-created.db');
  let stderr = '';
  const code = await runCli(['maintenance', '--env-file'], { env: { RATELINK_DB: db }, out: () => {}, err: (text) => { stderr += text; } });
  t.equal(code, 2);
  t.equal(stderr, 'error: --env-file needs a value\n');
  t.notOk(existsSync(db), 'no database was created');
});

t.test('ratelink link list|disable|enable, feed list|disable|enable', async (t) => {
  t.match(await json('link', 'disable', 'ACME1'), { code: 'ACME1', disabled: true });
  t.match(await json('link', 'list', '--partner', '1'), [{ code: 'ACME1', disabled: true }]);
  t.match(await json('link', 'enable', 'ACME1'), { disabled: false });
  const feed = await json('feed', 'add', '--name', 'bestchange');
  t.match((await cli('feed', 'disable', feed.code)).stdout, new RegExp(`^${feed.code}  disabled`));
  t.match(await json('feed', 'list'), [{ code: feed.code, enabled: false }]);
  t.match(await json('feed', 'enable', feed.code), { enabled: true });
});

t.test('ratelink key revoke, method add|list|remove', async (t) => {
  const key = await json('partner', 'key', '--partner', '1');
  t.equal((await cli('key', 'revoke', key.prefix)).stdout, `API key ${key.prefix} revoked.\n`);
  const again = await cli('key', 'revoke', key.prefix);
  t.equal(again.code, 1);
  t.match(again.stderr, /^error: Active API key .* not found\n$/);
  t.equal(again.stdout, '', 'errors never go to stdout');
  const method = await json('method', 'add', '--title', 'Tether TRC20', '--currency', 'USDTTRC20', '--commission', '1.5');
  t.match(method, { title: 'Tether TRC20', currency: 'USDTTRC20', commission: '1.5' });
  t.match(await json('method', 'list'), [{ id: method.id }]);
  t.equal((await cli('method', 'remove', String(method.id))).code, 0);
  t.same(await json('method', 'list'), []);
});

t.test('ratelink exchange show|approve|reject › the review of flagged exchanges', async (t) => {
  const report = (id: string) => ['exchange', 'add', '--external-id', id, '--status', 'success', '--cur-give', 'PMUSD', '--cur-get', 'BTC',
    '--amount-give', '500', '--amount-get', '0.005', '--course-give', '100000', '--course-get', '1', '--reward-base', '100',
    '--ref-code', 'ACME1', '--customer-email', 'a@acme.example'];
  const first = (await json(...report('e1'))).exchange;
  const second = (await json(...report('e2'))).exchange;
  t.match(first, { flag: 'self_referral', reward: '0' });
  // The reviewer's name follows the admin API's rule (1-100 characters, no control or format ones).
  for (const by of ['evil\x1b[2J\u202eX', '', 'x'.repeat(101)]) {
    const refused = await cli('exchange', 'approve', String(first.id), '--by', by, '--json');
    t.equal(refused.code, 1, JSON.stringify(by));
    t.match(JSON.parse(refused.stderr), { error: { code: 'RL_VALIDATION', message: /^Invalid by: / } });
  }
  t.match(await json('exchange', 'show', String(first.id)), { review: null, reward: '0' }, 'nothing recorded');
  const waiting = async () => (await json('exchange', 'list', '--review', 'pending')).map((e: { external_id: string }) => e.external_id);
  t.same(await waiting(), ['e2', 'e1'], 'both flagged exchanges await a decision');
  t.match((await cli('exchange', 'approve', String(first.id), '--by', 'alice')).stdout, /reward 10, flag self_referral, approved by alice/);
  t.match(await json('partner', 'show', '1'), { balance: '10' });
  t.match(await json('exchange', 'reject', String(second.id)), { review: 'rejected', reviewed_by: /^cli:/ });
  t.match(await json('exchange', 'show', String(second.id)), { review: 'rejected', reward: '0' });
  t.same(await waiting(), [], 'nothing left to review');
  t.same((await json('exchange', 'list', '--review', 'approved')).map((e: { id: number }) => e.id), [first.id]);
  t.match((await cli('exchange', 'list', '--review', 'rejected')).stdout, new RegExp(`^Exchange ${second.id} \\(e2\\): success, .*rejected by cli:`));
  t.match((await cli('exchange', 'list', '--review', 'maybe')).stderr, /--review must be pending, approved or rejected/);
  const twice = await cli('exchange', 'approve', String(second.id), '--json');
  t.equal(twice.code, 1);
  t.match(JSON.parse(twice.stderr), { error: { code: 'RL_CONFLICT', message: `Exchange ${second.id} was already rejected by cli:` } });
});

// Without the server's env file (or from another directory: RATELINK_DB is relative) the CLI
// opened a new empty database: "No partners.", and writes the server never saw.
t.test('ratelink › a RATELINK_DB file that does not exist is an error naming it, not a new empty database', async (t) => {
  const db = join(dir, 'elsewhere', 'ratelink.db');
  const run = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { env: { RATELINK_DB: db, RATELINK_DEMO: '0', RATELINK_SITE_URL: 'https://exchanger.example' }, out: (text) => { stdout += text; }, err: (text) => { stderr += text; } });
    return { code, stdout, stderr };
  };
  for (const argv of [['partner', 'list'], ['maintenance', 'on'], ['payout', 'list'], ['demo', 'purge']]) {
    const { code, stdout, stderr } = await run(...argv);
    t.same([code, stdout], [1, ''], argv.join(' '));
    t.equal(stderr, `error: Invalid RATELINK_DB: ${db} does not exist; set RATELINK_DB, or RATELINK_ENV_FILE to the server's env file (ratelink db migrate creates a new database)\n`, argv.join(' '));
  }
  t.match(JSON.parse((await run('partner', 'list', '--json')).stderr), { error: { code: 'RL_CONFIG', message: /does not exist/ } });
  t.notOk(existsSync(db), 'no database was created');
  t.equal((await run('db', 'migrate')).code, 0, 'db migrate creates it');
  t.equal((await run('partner', 'list')).stdout, 'No partners.\n');
});
