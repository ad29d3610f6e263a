// A click is durable before its redirect is sent: kill -9 the server the moment redirects
// arrive, reopen the database, and every redirected visitor's click is there.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import BetterSqlite3 from 'better-sqlite3';
import t from 'tap';
import { CHROME_UA } from '../helpers/referral.js';

t.test('GET /ref/:code › every click whose redirect was received survives a crash (kill -9)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ratelink-crash-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'ledger.db');
  const server = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/ref-server.ts', dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => { server.kill('SIGKILL'); });
  const [chunk] = await once(server.stdout!, 'data') as [Buffer];
  const port = Number(chunk.toString().trim());
  t.ok(port > 0, 'server listening');

  const redirected: string[] = [];
  let killed = false;
  const visit = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/ref/crash1?cur_from=PMUSD&cur_to=BTC`, { redirect: 'manual', headers: { 'user-agent': CHROME_UA } });
    if (res.status !== 302) throw new Error(`status ${res.status}`);
    redirected.push(/ratelink_uid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]);
    if (redirected.length >= 25 && !killed) {
      killed = true;
      server.kill('SIGKILL');
    }
  };
  await Promise.allSettled(Array.from({ length: 200 }, visit));
  if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
  t.ok(redirected.length >= 25, `${redirected.length} redirects received before the crash`);

  const db = new BetterSqlite3(dbPath);
  t.teardown(() => db.close());
  const stored = new Set(db.prepare('select user_hash from clicks').pluck().all() as string[]);
  t.same(redirected.filter((hash) => !stored.has(hash)), [], 'no redirected click was lost');
});
