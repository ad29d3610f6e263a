// A TCP proxy on loopback that can go silent, as a network partition or a frozen server looks to
// a client: nothing is refused, nothing is answered. Bytes sent meanwhile are held and delivered
// when it speaks again (as TCP retransmits them once the network is back).
import { connect, createServer, type Socket } from 'node:net';

export interface SilentProxy {
  port: number;
  silence(): void;
  speak(): void;
  /** The server moved (a failover): the connections open now never answer again, new ones do. */
  failover(): void;
  close(): void;
}

export async function silentProxy(target: { host: string; port: number }): Promise<SilentProxy> {
  const sockets = new Set<Socket>();
  const held: Array<() => void> = [];
  const abandoned = new Set<Socket>();
  let silent = false;
  const forward = (from: Socket, to: Socket) => from.on('data', (bytes) => {
    if (abandoned.has(from)) return;
    if (silent) held.push(() => to.write(bytes));
    else to.write(bytes);
  });
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    silence: () => { silent = true; },
    speak: () => { silent = false; for (const send of held.splice(0)) send(); },
    failover: () => { for (const s of sockets) abandoned.add(s); },
    close: () => { for (const s of sockets) s.destroy(); server.close(); },
  };
}

/** `promise`, or 'no answer' when it has not settled within `ms` (a hang, measured without waiting for it). */
export function within<T>(ms: number, promise: Promise<T>): Promise<T | 'no answer'> {
  return Promise.race([promise, new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), ms).unref())]);
}
