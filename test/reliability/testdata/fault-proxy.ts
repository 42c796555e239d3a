/**
 * A TCP proxy in front of a real server that misbehaves on demand: `pass`
 * forwards, `silent` accepts and never answers, `slow` forwards in small
 * delayed pieces, `flaky` answers every other connection with HTTP 503, and
 * `down` refuses (closes) every connection.
 */
import * as net from 'node:net';

export type FaultMode = 'pass' | 'silent' | 'slow' | 'flaky' | 'down';

export interface FaultProxy {
  url: string;
  mode: FaultMode;
  connections: number;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: FaultProxy = { url: '', mode: 'pass', connections: 0, close: async () => undefined };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const n = ++proxy.connections;
    const mode = proxy.mode;
    if (mode === 'silent') return; // holds the socket open, reads nothing, writes nothing
    if (mode === 'down') return void client.destroy();
    if (mode === 'flaky' && n % 2 === 1) {
      client.once('data', () => client.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'));
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => { sockets.delete(upstream); client.destroy(); });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    if (mode === 'slow') {
      // 16 KiB every 20 ms each way: about 800 KiB/s, moving all the time.
      const trickle = (from: net.Socket, to: net.Socket) => from.on('data', (chunk: Buffer) => {
        from.pause();
        void (async () => {
          for (let i = 0; i < chunk.length; i += 16384) {
            await new Promise((r) => setTimeout(r, 20));
            to.write(chunk.subarray(i, i + 16384));
          }
          from.resume();
        })();
      });
      trickle(client, upstream);
      trickle(upstream, client);
    } else {
      client.pipe(upstream);
      upstream.pipe(client);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  proxy.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  };
  return proxy;
}
