// The server entry as an operator runs it: a real process, a real socket, real signals.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { bundledCommand } from './helpers/bundle.js';

const [command, ...args] = await bundledCommand('server');

function startServer(env: Record<string, string>) {
  const child = spawn(command, args, {
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
  const server = startServer({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'hunter2-hunter2-hunter2', RATELINK_JWT_SECRET: 'Vb2Lm7Rt4Wz8Yc6Nd5Pf1Hs0Gak3Jq9x', RATELINK_SITE_URL: 'https://exchanger.example' });
  t.equal(await server.exited, 1);
  t.match(server.err(), /^ratelink: Invalid RATELINK_ADMIN_TOKEN: expected at least 32 characters/);
  t.notMatch(server.err() + server.out(), 'hunter2');
});

t.test('server › demo start: migrates, prints what to try once, answers, and stops on SIGTERM', async (t) => {
  const dir = t.testdir();
  // The printed URLs follow PORT (no RATELINK_SITE_URL in demo mode).
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const env = { PORT: port, RATELINK_DB: join(dir, 'demo.db') };
  const server = startServer(env);
  await waitFor(() => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.test(server.out()));
  const base = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.out())![1];
  await waitFor(() => server.err().includes('stored only as hashes'));
  t.match(server.err(), new RegExp(`referral link {3}http://localhost:${port}/ref/RADAR24/\\?cur_from=PMUSD&cur_to=BTC`));
  t.match(server.err(), /admin API {7}curl -H 'Authorization: Bearer [A-Za-z0-9]{32}'/);
  t.notMatch(server.out(), /Bearer|api_key=/, 'no secret in the JSON log on stdout');
  const ref = await fetch(`${base}/ref/RADAR24/?cur_from=PMUSD&cur_to=BTC`, { redirect: 'manual' });
  t.equal(ref.headers.get('location'), `http://localhost:${port}/exchange/PMUSD/BTC/`, 'the redirect follows PORT');
  const health = await fetch(`${base}/healthz`);
  t.equal(health.status, 200);
  t.same(await health.json(), { status: 'ok' });
  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'graceful exit');
  t.match(server.out(), /shutting down/);

  const again = startServer(env);
  await waitFor(() => /Server listening/.test(again.out()));
  t.notMatch(again.err(), /demo data loaded/, 'printed once: not on the second start');
  again.child.kill('SIGINT');
  t.equal(await again.exited, 0);

  const production = startServer({ ...env, RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'Kq7vR2xN9pL4mW8sT3yB6cF1hJ5dG0zAe4Uu', RATELINK_JWT_SECRET: 'Vb2Lm7Rt4Wz8Yc6Nd5Pf1Hs0Gak3Jq9x', RATELINK_SITE_URL: 'https://ex.example' });
  t.equal(await production.exited, 1, 'production mode refuses the demo database');
  t.match(production.err(), /^ratelink: .*demo\.db holds the demo data .*RATELINK_DB .*ratelink demo purge`\n$/);
  t.notMatch(production.out(), /Server listening/);
});
