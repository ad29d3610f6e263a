// The database out of reach under /ref: every visitor is still redirected, and the log says so
// in a line at once and one per interval, counting every click that was not stored.
import { PassThrough } from 'node:stream';
import t from 'tap';
import { build } from '../../helpers/build.js';
import { addPartnerWithLink, CHROME_UA } from '../../helpers/referral.js';
import { runStatement } from '../../helpers/tables.js';

async function appWithLog(t: Parameters<typeof build>[0]) {
  const stream = new PassThrough();
  const lines: Array<Record<string, unknown>> = [];
  stream.on('data', (chunk: Buffer) => { for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line)); });
  const app = await build(t, { logLevel: 'error' }, { logStream: stream });
  return { app, lines };
}

const visit = (app: Awaited<ReturnType<typeof build>>, code: string, i: number) =>
  app.inject({ url: `/ref/${code}?cur_from=PMUSD&cur_to=BTC`, headers: { 'user-agent': CHROME_UA }, remoteAddress: `198.51.100.${i % 250}` });

t.test('/ref with the clicks table gone › 60 visitors redirected, two log lines that count 60 unstored clicks', async (t) => {
  const { app, lines } = await appWithLog(t);
  await addPartnerWithLink(app.repos, 'outage1');
  await runStatement(app, 'alter table clicks rename to clicks_gone');
  const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => visit(app, 'outage1', i)));
  t.same(new Set(replies.map((r) => r.statusCode)), new Set([302]));
  await app.close();
  const unstored = lines.filter((line) => line.msg === 'clicks could not be stored; visitors were redirected');
  t.equal(unstored.length, 2, 'one line at once, one for the rest of the interval');
  t.equal(unstored.reduce((sum, line) => sum + Number(line.clicks), 0), 60, 'every unstored click counted');
  t.match(JSON.stringify(unstored[0]!.err), /clicks/, 'with the reason');
});

t.test('/ref with the links table gone › 60 visitors redirected by the query alone, not 60 log lines', async (t) => {
  const { app, lines } = await appWithLog(t);
  await runStatement(app, 'alter table referral_links rename to referral_links_gone');
  const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => visit(app, `gone${i}`, i)));
  t.same(new Set(replies.map((r) => r.statusCode)), new Set([302]));
  t.match(replies[0]!.headers.location, /cur_from=PMUSD&cur_to=BTC/, 'the visitor keeps the direction');
  await app.close();
  const failed = lines.filter((line) => line.msg === 'referral lookups failed; visitors were redirected by the query alone');
  t.ok(failed.length >= 1 && failed.length <= 2, `one line at once, at most one more (${failed.length})`);
  t.ok(failed.reduce((sum, line) => sum + Number(line.failures), 0) >= 60, 'every failed lookup counted');
});
