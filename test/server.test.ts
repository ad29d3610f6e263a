// The server entry as an operator runs it: a real process, a real socket, real signals.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';

const entry = join(import.meta.dirname, '..', 'src', 'server.ts');

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function waitFor(check: () => boolean, ms = 20_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

t.test('server › a bad variable stops it with one line naming the variable, exit 1', async (t) => {
  const server = startServer({ PORT: 'abc' });
  t.equal(await server.exited, 1);
  t.equal(server.err(), 'ratelink: Invalid PORT: expected an integer from 0 to 65535, got "abc"\n');
});

t.test('server › a rejected RATELINK_ADMIN_TOKEN is not echoed on stderr', async (t) => {
  const server = startServer({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'hunter2-hunter2-hunter2' });
  t.equal(await server.exited, 1);
  t.match(server.err(), /^ratelink: Invalid RATELINK_ADMIN_TOKEN: expected at least 32 characters/);
  t.notMatch(server.err() + server.out(), 'hunter2');
});

t.test('server › demo start: migrates, prints what to try once, answers, and stops on SIGTERM', async (t) => {
  const dir = t.testdir();
  const env = { PORT: '0', RATELINK_DB: join(dir, 'demo.db') };
  const server = startServer(env);
  await waitFor(() => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.test(server.out()));
  const base = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.out())![1];
  await waitFor(() => server.out().includes('stored only as hashes'));
  t.match(server.out(), /referral link {3}http:\/\/localhost:3000\/ref\/RADAR24\/\?cur_from=PMUSD&cur_to=BTC/);
  t.match(server.out(), /admin API {7}curl -H 'Authorization: Bearer [A-Za-z0-9]{32}'/);
  const health = await fetch(`${base}/healthz`);
  t.equal(health.status, 200);
  t.same(await health.json(), { status: 'ok' });
  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'graceful exit');
  t.match(server.out(), /shutting down/);

  const again = startServer(env);
  await waitFor(() => /Server listening/.test(again.out()));
  t.notMatch(again.out(), /demo data loaded/, 'printed once: not on the second start');
  again.child.kill('SIGINT');
  t.equal(await again.exited, 0);
});
