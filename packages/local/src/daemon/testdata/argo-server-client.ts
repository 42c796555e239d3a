/** A small client for the contract tests: JSON calls and NDJSON streams against an argo-server. */
import { createInterface } from 'node:readline';
import { request } from 'node:http';

export interface Answer<T = any> { status: number; body: T; headers: Record<string, string | string[] | undefined> }

export class ServerClient {
  constructor(readonly url: string, public token?: string) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async call<T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const res = await fetch(this.url + path, {
      method,
      headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON: artifacts, plain errors */ }
    return { status: res.status, body: parsed as T, headers: Object.fromEntries(res.headers.entries()) };
  }

  async bytes(path: string): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
    const res = await fetch(this.url + path, { headers: this.headers() });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: Object.fromEntries(res.headers.entries()) };
  }

  /**
   * Reads a stream's lines until `until` returns true for a parsed line or
   * `timeoutMs` passes; returns the parsed lines and the status.
   */
  stream(path: string, until: (line: any) => boolean, timeoutMs: number, accept = 'application/json'): Promise<{ status: number; lines: any[]; raw: string[] }> {
    return new Promise((resolve, reject) => {
      const lines: any[] = [];
      const raw: string[] = [];
      const req = request(this.url + path, { headers: this.headers({ Accept: accept }) }, (res) => {
        const timer = setTimeout(() => { req.destroy(); resolve({ status: res.statusCode ?? 0, lines, raw }); }, timeoutMs);
        // Destroying the request to stop reading makes the response emit 'aborted'/'error': expected here.
        res.on('error', () => undefined);
        const rl = createInterface({ input: res, crlfDelay: Infinity });
        rl.on('error', () => undefined);
        rl.on('line', (l) => {
          raw.push(l);
          const text = accept === 'text/event-stream' ? (l.startsWith('data: ') ? l.slice(6) : '') : l;
          if (!text.trim()) return;
          const parsed = JSON.parse(text);
          lines.push(parsed);
          if (until(parsed)) { clearTimeout(timer); req.destroy(); resolve({ status: res.statusCode ?? 0, lines, raw }); }
        });
        rl.on('close', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, lines, raw }); });
      });
      req.on('error', reject);
      req.end();
    });
  }
}

/** An open stream read line by line: `next` waits for the first line (after those already taken) that matches. */
export interface OpenStream {
  status: number;
  next(match: (line: any) => boolean, timeoutMs: number): Promise<{ line: any; at: number }>;
  close(): void;
}

export function openStream(url: string, token: string | undefined, path: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const queue: Array<{ line: any; at: number }> = [];
    let wake: (() => void) | undefined;
    const req = request(url + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      res.on('error', () => undefined);
      const rl = createInterface({ input: res, crlfDelay: Infinity });
      rl.on('error', () => undefined);
      rl.on('line', (l) => {
        if (!l.trim()) return;
        queue.push({ line: JSON.parse(l), at: performance.now() });
        wake?.();
      });
      resolve({
        status: res.statusCode ?? 0,
        async next(match, timeoutMs) {
          const end = Date.now() + timeoutMs;
          for (;;) {
            const i = queue.findIndex((q) => match(q.line));
            if (i >= 0) return queue.splice(0, i + 1)[i]!;
            if (Date.now() > end) throw new Error(`no matching line within ${timeoutMs} ms (${queue.length} others)`);
            await new Promise<void>((r) => { wake = r; setTimeout(r, 50); });
          }
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
