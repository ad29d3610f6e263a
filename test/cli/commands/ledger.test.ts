import t from 'tap';
import { openDatabase } from '../../../src/db/sqlite/open.js';

import { cliIn } from '../../helpers/cli.js';

// The subtests continue one ledger, in order.
const { cli, dbPath } = cliIn(t);

const exchange = (...extra: string[]) => cli('exchange', 'add', '--external-id', 'ex-1', '--cur-give', 'PMUSD', '--cur-get', 'BTC',
  '--amount-give', '500', '--amount-get', '0.00478', '--course-give', '104600', '--course-get', '1', '--reward-base', '120', ...extra);

t.test('ratelink exchange add / partner show / payout add|pay|cancel|list › the ledger from the shell', async (t) => {
  t.equal((await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example', '--percent', '2.5', '--min-payout', '1')).code, 0);
  t.equal((await cli('link', 'add', '--partner', '1', '--code', 'ACME1')).code, 0);

  const pending = await exchange('--status', 'pending', '--ref-code', 'ACME1');
  t.equal(pending.output, 'Exchange ex-1 recorded pending: partner 1, reward 0.\n');
  const success = await exchange('--status', 'success', '--ref-code', 'ACME1', '--json');
  t.match(JSON.parse(success.output), { created: false, exchange: { status: 'success', reward: '3', partner_id: 1 } });

  const show = await cli('partner', 'show', '--partner', '1');
  t.match(show.output, /^balance: 3$/m);
  t.match(show.output, /^exchanges: 1$/m);

  const list = await cli('partner', 'list');
  t.match(list.output, /^\s+1\s+active\s+3\s+Acme <a@acme\.example>$/m);

  // Payout methods are created through the admin API; here straight into the file.
  const db = openDatabase(dbPath);
  db.sqlite.prepare("insert into payout_methods (title, currency, commission) values ('PM', 'PMUSD', '0')").run();
  db.close();

  const add = await cli('payout', 'add', '--partner', '1', '--method', '1', '--account', 'U123', '--amount', '1.25');
  t.equal(add.output, 'Payout 1 of 1.25 reserved (pending).\n');
  const add2 = await cli('payout', 'add', '--partner', '1', '--method', '1', '--account', 'U123');
  t.equal(add2.output, 'Payout 2 of 1.75 reserved (pending).\n', 'the rest of the balance by default');
  t.equal((await cli('payout', 'pay', '--id', '1', '--tx-ref', 'PM-1')).output, 'Payout 1 of 1.25 is paid (tx PM-1).\n');
  t.equal((await cli('payout', 'cancel', '2')).output, 'Payout 2 is canceled; 1.75 returned to partner 1.\n');
  const payouts = await cli('payout', 'list', '--status', 'paid', '--json');
  t.match(JSON.parse(payouts.output), [{ id: 1, status: 'paid', amount: '1.25', tx_ref: 'PM-1' }]);
  t.match((await cli('payout', 'list')).output, /^\s+2\s+canceled\s+1\.75\s+partner 1/m);

  const adjust = await cli('partner', 'adjust', '--partner', '1', '--amount', '-0.75', '--reason', 'fee');
  t.equal(adjust.output, 'Adjustment 5 of -0.75 recorded; balance 1.\n');

  const block = await cli('partner', 'block', '--partner', '1');
  t.equal(block.output, 'Partner 1 (Acme) is blocked.\n');
  const refused = await cli('payout', 'add', '--partner', '1', '--method', '1', '--account', 'U123');
  t.equal(refused.code, 1);
  t.equal(refused.output, 'error: Partner is blocked\n');
  t.equal((await cli('partner', 'unblock', '--partner', '1')).output, 'Partner 1 (Acme) is active.\n');
});

t.test('ratelink ledger commands › rule and usage errors exit non-zero with a message', async (t) => {
  const backwards = await exchange('--status', 'pending');
  t.equal(backwards.code, 1);
  t.match(backwards.output, /^error: Exchange ex-1 cannot go from success to pending\n$/);
  const missing = await cli('exchange', 'add', '--external-id', 'x');
  t.equal(missing.code, 2);
  t.equal(missing.output, 'error: --status is required\n');
  const badStatus = await cli('payout', 'list', '--status', 'lost');
  t.equal(badStatus.code, 2);
  const unknown = await cli('payout', 'pay', '--id', '99');
  t.equal(unknown.code, 1);
  t.equal(unknown.output, 'error: Payout 99 not found\n');
  const noPartner = await cli('partner', 'show', '--partner', '42');
  t.equal(noPartner.output, 'error: Partner 42 not found\n');
  // Beyond the database's ids (PostgreSQL answered with its SQL text, exit 1) or JavaScript's
  // exact integers (9999999999999999 was looked up as 10000000000000000): a usage error.
  for (const id of ['2147483648', '9999999999999999']) {
    for (const argv of [['payout', 'pay', '--id', id], ['payout', 'cancel', id], ['exchange', 'show', id], ['partner', 'show', '--partner', id]]) {
      const tooBig = await cli(...argv, '--json');
      t.equal(tooBig.code, 2, argv.join(' '));
      t.same(JSON.parse(tooBig.output), { error: { code: 'RL_USAGE', message: `${{ '--partner': '--partner', '--id': '--id' }[argv[2]!] ?? 'ID'} must be a positive integer up to 2147483647` } });
    }
  }
});

t.test('ratelink payout list › stored text with bidi or control characters is printed escaped', async (t) => {
  const db = openDatabase(dbPath);
  // A row stored before accounts were checked (or by another tool).
  db.sqlite.prepare("insert into payouts (partner_id, method_id, account, amount, status, created_at) values (1, 1, ?, 100000000, 0, 1700000000)")
    .run('U1\u202E9876\u009B31m\u2028x');
  db.close();
  const human = await cli('payout', 'list');
  t.match(human.output, /U1\\u202e9876\\u009b31m\\u2028x/);
  t.notMatch(human.output, /[\u202E\u009B\u2028]/);
  const json = await cli('payout', 'list', '--json');
  t.notMatch(json.output, /[\u202E\u009B\u2028]/);
  const accounts = (JSON.parse(json.output) as Array<{ account: string }>).map((p) => p.account);
  t.ok(accounts.includes('U1\u202E9876\u009B31m\u2028x'), 'the JSON still parses to the stored text');
});

t.test('ratelink payout list --limit/--offset › pages past the first 1,000 as GET /admin/payouts does', async (t) => {
  const all = JSON.parse((await cli('payout', 'list', '--json')).output) as Array<{ id: number }>;
  t.ok(all.length >= 2, 'the ledger so far has payouts');
  const first = JSON.parse((await cli('payout', 'list', '--limit', '1', '--json')).output) as Array<{ id: number }>;
  const second = JSON.parse((await cli('payout', 'list', '--limit', '1', '--offset', '1', '--json')).output) as Array<{ id: number }>;
  t.same([...first, ...second].map((p) => p.id), all.slice(0, 2).map((p) => p.id), 'newest first, one a page');
  t.same(JSON.parse((await cli('payout', 'list', '--offset', String(all.length), '--json')).output), [], 'past the end: none');
  for (const bad of [['--limit', '0'], ['--limit', '1001'], ['--offset', '-1'], ['--limit', '1e3']]) {
    const refused = await cli('payout', 'list', ...bad);
    t.equal(refused.code, 2, bad.join(' '));
    t.match(refused.output, new RegExp(`--${bad[0]!.slice(2)} must be a whole number from`));
  }
});
