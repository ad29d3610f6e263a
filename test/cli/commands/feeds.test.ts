import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import t from 'tap';
import { fixturesDir } from '../../../src/paths.js';

import { cliIn } from '../../helpers/cli.js';

// The subtests continue one rate table, in order.
const { cli, dbPath } = cliIn(t);
const dir = dirname(dbPath);

function query<T>(sql: string): T[] {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

t.test('ratelink rates import FILE.json › upserts the directions JSON and says how many', async (t) => {
  const { code, output } = await cli('rates', 'import', join(fixturesDir, 'demo', 'directions.json'));
  t.equal(code, 0);
  t.equal(output, '43 directions imported (rates version 1).\n');
  t.equal(query<{ n: number }>('select count(*) n from directions')[0].n, 43);
});

t.test('ratelink rates import FILE.xml --replace › a BestChange XML export replaces the table', async (t) => {
  const { code, output } = await cli('rates', 'import', join(fixturesDir, 'feeds', 'spec-examples', 'feed.xml'), '--replace', '--json');
  t.equal(code, 0);
  t.same(JSON.parse(output), { upserted: 5, removed: 38, rates_version: 2 });
  t.same(query<{ cur_from: string; city: string }>("select cur_from, city from directions where cur_to = 'CASHUSD'"), [{ cur_from: 'USDTTRC20', city: '["MSK","SPB"]' }]);
});

t.test('ratelink rates import › bad files: a clear error, exit code, nothing written', async (t) => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify([{ from: 'BTC', to: 'SBERRUB', in: 'one', out: 1, amount: 1 }]));
  t.same(await cli('rates', 'import', bad), { code: 1, output: 'error: Invalid [0].in: expected a decimal greater than 0\n' });
  writeFileSync(bad, '{nope');
  t.match(await cli('rates', 'import', bad), { code: 2, output: /^error: not valid JSON or XML/ });
  t.match(await cli('rates', 'import', join(dir, 'missing.xml')), { code: 2, output: /^error: cannot read .*ENOENT/ });
  t.match(await cli('rates', 'import'), { code: 2, output: /needs a file/ });
  t.equal(query<{ n: number }>('select count(*) n from directions')[0].n, 5);
});

t.test('ratelink rates import › a file saved with a byte-order mark (Windows editors) is read as without one', async (t) => {
  const json = join(dir, 'bom.json');
  writeFileSync(json, `\uFEFF${JSON.stringify([{ from: 'BTC', to: 'SBERRUB', out: '6200000' }])}`);
  t.same(await cli('rates', 'import', json), { code: 0, output: '1 directions imported (rates version 3).\n' });
  t.same(query("select rate_out from directions where cur_from = 'BTC' and cur_to = 'SBERRUB'"), [{ rate_out: '6200000' }]);
});

t.test('ratelink maintenance on|off › flips the stored switch; without a word shows it', async (t) => {
  t.same(await cli('maintenance', 'on'), { code: 0, output: 'Maintenance is on: feeds are served empty.\n' });
  t.same(query<{ value: string }>("select value from settings where key = 'maintenance'"), [{ value: '1' }]);
  t.same(JSON.parse((await cli('maintenance', '--json')).output), { enabled: true, switch: true, forced_by_env: false });
  t.same(await cli('maintenance', 'off'), { code: 0, output: 'Maintenance is off: feeds list the rates.\n' });
  t.match(await cli('maintenance', 'maybe'), { code: 2, output: /on or off/ });
});

t.test('ratelink currency precision CODE N|default › sets and resets a currency\'s decimals', async (t) => {
  t.same(await cli('currency', 'precision', 'cashusd', '4'), { code: 0, output: 'CASHUSD is published with 4 decimals.\n' });
  t.same(query('select code, precision from currencies'), [{ code: 'CASHUSD', precision: 4 }]);
  t.same(await cli('currency', 'precision', 'CASHUSD', 'default'), { code: 0, output: 'CASHUSD is published with 2 decimals (default).\n' });
  t.match(await cli('currency', 'precision', 'BTC', 'many'), { code: 2 });
  t.match(await cli('currency', 'precision', 'BTC', '40'), { code: 1, output: /Invalid precision/ });
});
