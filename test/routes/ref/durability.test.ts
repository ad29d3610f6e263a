// A click is durable before its redirect is sent: kill -9 the server the moment redirects
// arrive, reopen the database, and every redirected visitor's click is there. And a
// graceful close writes every click it redirected.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { once } from 'node:events';
import BetterSqlite3 from 'better-sqlite3';
import t from 'tap';
import { buildApp } from '../../../src/app.js';
import { bundledCommand } from '../../helpers/bundle.js';
import { testConfig } from '../../helpers/build.js';
import { addPartnerWithLink, CHROME_UA } from '../../helpers/referral.js';
import { sqliteOnly } from '../../helpers/pg.js';

const SQLITE_ONLY = sqliteOnly('durability of a SQLite file under kill -9');

t.test('GET /ref/:code › every click whose redirect was received survives a crash (kill -9)', { skip: SQLITE_ONLY }, async (t) => {
  const dir = t.testdir();
  const dbPath = join(dir, 'ledger.db');
  const [command, ...args] = await bundledCommand('ref-server');
  const server = spawn(command, [...args, dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => { server.kill('SIGKILL'); });
  const [chunk] = await once(server.stdout!, 'data') as [Buffer];
  const port = Number(chunk.toString().trim());
  t.ok(port > 0, 'server listening');

  // 50 visitors clicking in a loop; the server is killed while clicks are in flight.
  const redirected: string[] = [];
  const visitInLoop = async () => {
    while (server.signalCode === null) {
      const res = await fetch(`http://127.0.0.1:${port}/ref/crash1?cur_from=PMUSD&cur_to=BTC`, { redirect: 'manual', headers: { 'user-agent': CHROME_UA } });
      if (res.status !== 302) throw new Error(`status ${res.status}`);
      // The cookie is `<visitor id>_<signature>`; clicks store the id.
      redirected.push(/ratelink_uid=([^;_]+)_/.exec(res.headers.get('set-cookie') ?? '')![1]);
      if (redirected.length === 300) server.kill('SIGKILL');
    }
  };
  await Promise.allSettled(Array.from({ length: 50 }, visitInLoop));
  if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
  t.ok(redirected.length >= 300, `${redirected.length} redirects received before the crash`);

  const db = new BetterSqlite3(dbPath);
  t.teardown(() => db.close());
  const stored = new Set(db.prepare('select user_hash from clicks').pluck().all() as string[]);
  t.same(redirected.filter((hash) => !stored.has(hash)), [], 'no redirected click was lost');
});

t.test('app.close() › clicks of requests in flight are written before the database closes', { skip: SQLITE_ONLY }, async (t) => {
  const dir = t.testdir();
  const dbPath = join(dir, 'ledger.db');
  const app = await buildApp(testConfig({ dbPath, clickIpLimit: 0 }));
  await addPartnerWithLink(app.repos, 'close1');
  const pending = Array.from({ length: 30 }, () => app.inject({ method: 'GET', url: '/ref/close1', headers: { 'user-agent': CHROME_UA } }));
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.all([app.close(), ...pending]);
  const redirects = (await Promise.all(pending)).filter((res) => res.statusCode === 302).length;
  t.equal(redirects, 30);
  const db = new BetterSqlite3(dbPath);
  t.teardown(() => db.close());
  t.equal(db.prepare('select count(*) from clicks').pluck().get(), 30);
});
