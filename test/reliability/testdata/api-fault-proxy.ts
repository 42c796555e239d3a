/**
 * An HTTP proxy in front of the local API server that fails a share of
 * requests the way a loaded Kubernetes API server does: 429 with
 * Retry-After, 500, 409 Conflict on updates, 410 Gone on lists and watches
 * that name a resourceVersion, and watches cut off mid-stream.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiFaultProxy {
  url: string;
  injected: Record<string, number>;
  close(): Promise<void>;
}

function status(res: http.ServerResponse, code: number, reason: string, message: string, extra: Record<string, string> = {}): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  res.writeHead(code, { 'content-type': 'application/json', ...extra }).end(body);
}

export async function startApiFaultProxy(upstream: string, share: number): Promise<ApiFaultProxy> {
  const target = new URL(upstream);
  const injected: Record<string, number> = { '429': 0, '500': 0, '409': 0, '410': 0, dropped: 0 };
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const watch = url.searchParams.get('watch') === 'true';
    const write = req.method === 'PUT' || req.method === 'PATCH';
    const choices = ['429', '500', ...(write ? ['409'] : []), ...(req.method === 'GET' && (watch || url.searchParams.has('resourceVersion')) ? ['410'] : [])];
    // Each kind once for certain (the first request it applies to), then at random: a run
    // where chance never drew one kind would prove nothing about it.
    const unseen = choices.filter((c) => injected[c] === 0);
    if (unseen.length > 0 || Math.random() < share) {
      const pool = unseen.length > 0 ? unseen : choices;
      const pick = pool[Math.floor(Math.random() * pool.length)]!;
      injected[pick]!++;
      req.resume();
      if (pick === '429') return status(res, 429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later', { 'retry-after': '1' });
      if (pick === '500') return status(res, 500, 'InternalError', 'Internal error occurred: injected');
      if (pick === '409') return status(res, 409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again');
      if (watch) {
        // Kubernetes answers an expired watch with 200 and an ERROR event.
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version', reason: 'Expired', code: 410 } }) + '\n');
      }
      return status(res, 410, 'Expired', 'too old resource version');
    }
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
      if (watch && (injected.dropped === 0 || Math.random() < 0.5)) {
        // A dropped watch: the connection dies mid-stream, with no final event.
        setTimeout(() => { injected.dropped!++; upRes.destroy(); res.destroy(); }, 300 + Math.random() * 2000).unref();
      }
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    injected,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
