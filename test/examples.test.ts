// The engine-integration example scripts of docs/engine-integration.md, run as an operator would,
// against a server on a real socket.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { ADMIN_TOKEN, adminHeaders, build } from './helpers/build.js';
import { makeLink, makePartner } from './helpers/ledger-factory.js';

const root = join(import.meta.dirname, '..');

function run(script: string, args: string[], env: Record<string, string>, input = '') {
  const child = spawn(process.execPath, [join(root, 'examples', script), ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function server(t: Parameters<typeof build>[0]) {
  const app = await build(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, env: { RATELINK_URL: `http://127.0.0.1:${port}`, RATELINK_ADMIN_TOKEN: ADMIN_TOKEN } };
}

t.test('examples/push-rates.mjs › pushes the engine\'s XML export; the feed serves it when the script ends', async (t) => {
  const { app, env } = await server(t);
  const feed = (await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: 'bestchange' } })).json();
  const pushed = await run('push-rates.mjs', [join(root, 'fixtures', 'feeds', 'demo-classic.xml')], env);
  t.equal(pushed.code, 0, pushed.stderr);
  t.match(pushed.stdout, /^pushed \d+ directions, removed 0 \(rates version 1\)\n$/);
  const txt = await app.inject({ method: 'GET', url: `/service/export/txt/${feed.code}` });
  t.match(txt.body, /^BTC;SBERRUB;1;6125430\.5;/m);

  const wrongToken = await run('push-rates.mjs', [join(root, 'fixtures', 'feeds', 'demo-classic.xml')], { ...env, RATELINK_ADMIN_TOKEN: 'not-the-token-0123456789' });
  t.equal(wrongToken.code, 1);
  t.match(wrongToken.stderr, /^push-rates: ratelink answered 401/);
});

t.test('examples/report-exchange.mjs › records once, a resend is harmless, a wrong report is not retried', async (t) => {
  const { app, env } = await server(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await makeLink(app.repos, partner.id, 'RADAR24');
  const report = {
    external_id: 'order-1', ref_code: 'RADAR24', cur_give: 'PMUSD', cur_get: 'BTC', amount_give: '500',
    amount_get: '0.00478', course_give: '104600', course_get: '1', status: 'success', reward_base_amount: '100',
  };
  const first = await run('report-exchange.mjs', [], env, JSON.stringify(report));
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /^recorded: exchange 1 success, reward 10\n$/);
  const again = await run('report-exchange.mjs', [], env, JSON.stringify(report));
  t.match(again.stdout, /^already known: exchange 1 success, reward 10\n$/);
  t.equal((await app.repos.ledger.listByPartner(partner.id)).length, 1, 'one reward entry');

  const changed = await run('report-exchange.mjs', [], env, JSON.stringify({ ...report, amount_give: '600' }));
  t.equal(changed.code, 1);
  t.equal(changed.stderr.split('\n').filter(Boolean).length, 1, 'a 409 is reported once, never retried');
  t.match(changed.stderr, /answered 409/);
});

t.test('examples/report-exchange.mjs › retries when ratelink cannot be reached, then fails', async (t) => {
  const down = await run('report-exchange.mjs', [], { RATELINK_URL: 'http://127.0.0.1:9', RATELINK_ADMIN_TOKEN: ADMIN_TOKEN, ATTEMPTS: '2' }, '{}');
  t.equal(down.code, 1);
  t.equal(down.stderr.split('\n').filter(Boolean).length, 2, 'two attempts');
});
