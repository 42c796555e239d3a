/**
 * Server-streaming answers as grpc-gateway writes them: one JSON object per
 * line, `{"result": ...}` (or `{"error": ...}`), or, for a client that asks
 * for `text/event-stream` (Argo's UI uses EventSource), the same objects as
 * server-sent events `data: {...}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from './errors.js';

const SSE_HEARTBEAT_MS = 15_000;

export class ResultStream {
  readonly sse: boolean;
  private closed = false;
  private readonly abort = new AbortController();
  private heartbeat?: NodeJS.Timeout;

  constructor(req: IncomingMessage, private readonly res: ServerResponse) {
    this.sse = /text\/event-stream/.test(String(req.headers.accept ?? ''));
    res.on('close', () => this.close());
  }

  /** Aborted when the client goes away or the stream ends. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Sends the 200 header; nothing may fail with an HTTP status after this. */
  start(): void {
    if (this.res.headersSent) return;
    this.res.writeHead(200, {
      'Content-Type': this.sse ? 'text/event-stream' : 'application/json',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // Proxies (nginx) must not hold events back.
      'X-Accel-Buffering': 'no',
    });
    this.res.flushHeaders();
    this.res.socket?.setNoDelay(true);
    if (this.sse) {
      this.heartbeat = setInterval(() => this.write(':\n\n'), SSE_HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  send(result: unknown): void {
    this.message({ result });
  }

  /** A whole message, e.g. `{result}` already cut down by Argo's `fields` parameter. */
  message(obj: unknown): void {
    this.start();
    this.line(obj);
  }

  fail(err: ApiError): void {
    this.start();
    this.line(err.streamBody());
    this.end();
  }

  end(): void {
    if (!this.closed) this.res.end();
    this.close();
  }

  private line(obj: unknown): void {
    const json = JSON.stringify(obj);
    this.write(this.sse ? `data: ${json}\n\n` : `${json}\n`);
  }

  private write(text: string): void {
    if (!this.closed) this.res.write(text);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.abort.abort();
  }
}
