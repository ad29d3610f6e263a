// request.log is made at its first line (src/request-logger.ts): the lines an operator reads
// are the ones Fastify's own child logger wrote, and routes that log nothing make nothing.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { lazyRequestLogger } from '../src/request-logger.js';
import { adminHeaders, build } from './helpers/build.js';
import { addFeed, loadDemoRates } from './helpers/feeds.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)); done(); } });
  return { lines, stream };
}

async function logged(t: Test, logLevel: string) {
  const { lines, stream } = capture();
  const app = await build(t, { logLevel }, { logStream: stream });
  return { app, lines };
}

t.test('request logs › at info, a request is logged on arrival and completion under one request id', async (t) => {
  const { app, lines } = await logged(t, 'info');
  const res = await app.inject({ method: 'GET', url: '/admin/payouts?limit=5', headers: adminHeaders });
  t.equal(res.statusCode, 200);
  const incoming = lines.find((l) => l.msg === 'incoming request');
  const completed = lines.find((l) => l.msg === 'request completed');
  t.match(incoming, { level: 30, reqId: /^req-/, req: { method: 'GET', url: '/admin/payouts?limit=5' } });
  t.match(completed, { level: 30, res: { statusCode: 200 } });
  t.equal(completed?.reqId, incoming?.reqId, 'both lines carry the same request id');
  t.type(completed?.responseTime, 'number');
});

t.test('request logs › a feed fetch (route level warn) writes nothing at info; its errors are still written with the request id', async (t) => {
  const { app, lines } = await logged(t, 'info');
  await loadDemoRates(app);
  const code = await addFeed(app);
  const before = lines.length;
  t.equal((await app.inject(`/service/export/xml/${code}`)).statusCode, 200);
  t.equal(lines.length, before, 'no line for a served feed');
  app.feedCache.lookup = () => { throw new Error('cache broken'); };
  t.equal((await app.inject(`/service/export/xml/${code}`)).statusCode, 500);
  t.match(lines.slice(before), [{ level: 50, reqId: /^req-/, msg: 'feed request failed', err: { message: 'cache broken' } }]);
});

t.test('lazyRequestLogger › writes what its level lets through, as the pino child it stands for', async (t) => {
  const { lines, stream } = capture();
  const server = Fastify({ logger: { level: 'info', stream } });
  t.teardown(() => server.close());
  const log = lazyRequestLogger.call(server, server.log, { reqId: 'req-7' }, { level: 'warn' }, {} as never);
  t.equal(log.level, 'warn', 'the route\'s level');
  log.info('not written');
  log.debug('not written either');
  log.child({ part: 'probe' }).warn('written by a child');
  log.error({ code: 3 }, 'written');
  t.match(lines, [
    { level: 40, reqId: 'req-7', part: 'probe', msg: 'written by a child' },
    { level: 50, reqId: 'req-7', code: 3, msg: 'written' },
  ]);
  t.equal(lines.length, 2);
  const inherits = lazyRequestLogger.call(server, server.log, { reqId: 'req-8' }, {}, {} as never);
  t.equal(inherits.level, 'info', 'the server\'s level when the route sets none');
  inherits.info('at info');
  t.match(lines[2], { level: 30, reqId: 'req-8', msg: 'at info' });
});
