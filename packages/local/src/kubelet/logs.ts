/**
 * Container logs: CRI-format files (`<RFC3339Nano> <stream> F <line>`)
 * written by the spawn helper or the in-process executor, served to the API
 * server's pods/log as streams with tailLines, sinceSeconds, timestamps and
 * follow. Nothing here holds a whole log in memory.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { watch } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { PodLogOptions as ApiPodLogOptions, PodLogSource } from '../apiserver/logs.js';

/** The options pods/log passes; `signal` may be left out by direct callers (tests, tools). */
export type PodLogOptions = Omit<ApiPodLogOptions, 'signal'> & { signal?: AbortSignal };

export function podLogDir(stateDir: string, namespace: string, pod: string): string {
  return join(stateDir, 'pods', namespace, pod);
}

export function containerLogPath(stateDir: string, namespace: string, pod: string, container: string): string {
  return join(podLogDir(stateDir, namespace, pod), `${container}.log`);
}

/** RFC3339 with nanosecond digits (CRI log timestamps). */
export function logTimestamp(epochMs = performance.timeOrigin + performance.now()): string {
  const ns = BigInt(Math.round(epochMs * 1e6));
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19) + '.' + frac + 'Z';
}

const MAX_RECORD = 16 * 1024;

/** A writable that turns text into CRI log lines (for in-process containers). */
export function criLogWriter(path: string, stream: 'stdout' | 'stderr', shared?: NodeJS.WritableStream): Writable & { flushPartial(): void } {
  const file = shared ?? createWriteStream(path, { flags: 'a' });
  let partial = '';
  const decoder = new StringDecoder('utf8');
  const emit = (lines: string[]): void => {
    if (lines.length === 0) return;
    const ts = logTimestamp();
    let out = '';
    for (let l of lines) {
      // Long lines become partial (P) records, as the spawn helper writes them.
      for (; l.length > MAX_RECORD; l = l.slice(MAX_RECORD)) out += `${ts} ${stream} P ${l.slice(0, MAX_RECORD)}\n`;
      out += `${ts} ${stream} F ${l}\n`;
    }
    file.write(out);
  };
  const w = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      const parts = (partial + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split('\n');
      partial = parts.pop() ?? '';
      emit(parts);
      cb();
    },
    final(cb) {
      (w as Writable & { flushPartial(): void }).flushPartial();
      // A file this writer opened itself is closed with it; a shared one belongs to the caller.
      if (shared) cb();
      else file.end(() => cb());
    },
  }) as Writable & { flushPartial(): void };
  w.flushPartial = () => {
    if (partial !== '') emit([partial]);
    partial = '';
  };
  return w;
}

/** Tracks which containers are still producing output, so `follow` knows when to end. */
export class LogRegistry implements PodLogSource {
  private readonly running = new Map<string, { ended: Promise<void>; end: () => void }>();

  constructor(private readonly stateDir: string) {}

  containerStarted(namespace: string, pod: string, container: string): void {
    let end!: () => void;
    const ended = new Promise<void>((r) => (end = r));
    this.running.set(key(namespace, pod, container), { ended, end });
  }

  containerEnded(namespace: string, pod: string, container: string): void {
    const k = key(namespace, pod, container);
    this.running.get(k)?.end();
    this.running.delete(k);
  }

  async open(namespace: string, pod: string, container: string, opts: PodLogOptions): Promise<NodeJS.ReadableStream | null> {
    const path = containerLogPath(this.stateDir, namespace, pod, container);
    if (!existsSync(path)) return null;
    const start = opts.tailLines !== undefined ? await tailOffset(path, opts.tailLines) : 0;
    const live = opts.follow ? this.running.get(key(namespace, pod, container))?.ended : undefined;
    const since = opts.sinceSeconds !== undefined ? logTimestamp(Date.now() - opts.sinceSeconds * 1000) : undefined;
    return Readable.from(readLog(path, start, { ended: live, signal: opts.signal, timestamps: opts.timestamps, since }), { objectMode: false });
  }
}

function key(namespace: string, pod: string, container: string): string {
  return `${namespace}/${pod}/${container}`;
}

interface ReadOptions {
  /** Set when following a running container: resolves when it ends. */
  ended?: Promise<void>;
  signal?: AbortSignal;
  timestamps: boolean;
  /** Only lines stamped at or after this timestamp. */
  since?: string;
}

async function* readLog(path: string, start: number, opts: ReadOptions): AsyncGenerator<string> {
  const fh = await open(path, 'r');
  const buf = Buffer.alloc(64 * 1024);
  const decoder = new StringDecoder('utf8');
  let pos = start;
  let partial = '';
  let ended = !opts.ended;
  let drained = false;
  opts.ended?.then(() => (ended = true));
  try {
    for (;;) {
      if (opts.signal?.aborted) return;
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        const lines = (partial + decoder.write(buf.subarray(0, bytesRead))).split('\n');
        partial = lines.pop() ?? '';
        const out = formatLines(lines, opts);
        if (out) yield out;
        continue;
      }
      if (drained) return;
      // Once the writer has ended, one more pass picks up its last lines.
      if (ended) {
        drained = true;
        continue;
      }
      await waitForGrowth(path, fh, pos, opts.ended!, opts.signal);
    }
  } finally {
    await fh.close();
  }
}

/** `<ts> <stream> <tag> <msg>` → `msg` or `ts msg`, honouring `since`. */
function formatLines(lines: string[], opts: ReadOptions): string {
  let out = '';
  for (const line of lines) {
    const s1 = line.indexOf(' ');
    const s2 = line.indexOf(' ', s1 + 1);
    const s3 = line.indexOf(' ', s2 + 1);
    if (s1 < 0 || s2 < 0 || s3 < 0) continue;
    const ts = line.slice(0, s1);
    if (opts.since && ts < opts.since) continue;
    const msg = line.slice(s3 + 1);
    const newline = line.slice(s2 + 1, s3) === 'P' ? '' : '\n';
    out += opts.timestamps ? `${ts} ${msg}${newline}` : `${msg}${newline}`;
  }
  return out;
}

async function waitForGrowth(path: string, fh: FileHandle, pos: number, ended: Promise<void>, signal?: AbortSignal): Promise<void> {
  const watcher = watch(path);
  try {
    const changed = new Promise<void>((r) => {
      watcher.on('change', () => r());
      watcher.on('error', () => r());
    });
    const aborted = new Promise<void>((r) => signal?.addEventListener('abort', () => r(), { once: true }));
    // The file may have grown between our last read and the watch starting.
    if ((await fh.stat()).size > pos) return;
    await Promise.race([changed, ended, aborted]);
  } finally {
    watcher.close();
  }
}

/** Byte offset where the last `n` lines start, found by reading backwards. */
export async function tailOffset(path: string, n: number): Promise<number> {
  const { size } = await stat(path);
  if (n <= 0) return size;
  const fh = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    let newlines = 0;
    // The file ends with '\n': that one terminates the last line, not a boundary.
    let skipFinal = true;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await fh.read(chunk, 0, end - start, start);
      for (let i = bytesRead - 1; i >= 0; i--) {
        if (chunk[i] !== 0x0a) continue;
        if (skipFinal && start + i === size - 1) continue;
        if (++newlines === n) return start + i + 1;
      }
      skipFinal = false;
      end = start;
    }
    return 0;
  } finally {
    await fh.close();
  }
}
