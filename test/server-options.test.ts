// What one client can hold on a real socket: a request must arrive whole within
// RATELINK_REQUEST_TIMEOUT, and connections beyond RATELINK_MAX_CONNECTIONS are refused.
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { build } from './helpers/build.js';

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket)).on('error', reject);
  });
}

/** Everything the server sent until it closed the socket, or null after `ms`. */
function untilClosed(socket: Socket, ms: number): Promise<string | null> {
  return new Promise((resolve) => {
    let received = '';
    const timer = setTimeout(() => resolve(null), ms);
    socket.on('data', (d) => { received += d; }).on('error', () => {});
    socket.on('close', () => { clearTimeout(timer); resolve(received); });
  });
}

t.test('POST /service/partner/api.php › a body sent a byte at a time is cut off after the request timeout', async (t) => {
  const app = await build(t, { requestTimeout: 1 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const socket = await open((app.server.address() as AddressInfo).port);
  t.teardown(() => socket.destroy());
  socket.write('POST /service/partner/api.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n');
  const drip = setInterval(() => socket.writable && socket.write('a'), 200);
  t.teardown(() => clearInterval(drip));
  const started = Date.now();
  const answer = await untilClosed(socket, 6000);
  t.not(answer, null, 'the server closed the connection');
  t.match(answer, /^HTTP\/1\.1 408/);
  t.ok(Date.now() - started < 4000, 'within the timeout and one check interval');
});

t.test('server › connections over RATELINK_MAX_CONNECTIONS are closed at once', async (t) => {
  const app = await build(t, { maxConnections: 2 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const held = [await open(port), await open(port)];
  t.teardown(() => held.forEach((s) => s.destroy()));
  const extra = await open(port);
  extra.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  t.equal(await untilClosed(extra, 3000), '', 'closed without an answer');
  held[0].destroy();
  await new Promise((r) => setTimeout(r, 100));
  const next = await open(port);
  next.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  t.match(await untilClosed(next, 3000), /^HTTP\/1\.1 200/);
});
