/**
 * Watches: one JSON object per line, headers flushed at once. From RV unset
 * or "0" the current state comes first as ADDED; from N only later events
 * (410 Expired as an ERROR event when N is too old). Selectors apply with
 * transitions: an object that starts matching is ADDED, one that stops is
 * DELETED. BOOKMARKs when asked for, the initial-events-end bookmark for
 * `sendInitialEvents`, and the stream ends at timeoutSeconds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../store/errors.js';
import type { KubeObject, StoreEvent, WatchEventType } from '../store/types.js';
import type { ApiContext } from './context.js';
import { apiVersionOf, type ResourceDef } from './registry.js';
import { toTable } from './table.js';

export interface WatchRequest {
  def: ResourceDef;
  namespace?: string;
  resourceVersion: string | null;
  matches(obj: KubeObject): boolean;
  /** Candidates for the initial ADDED events (already narrowed by the label index). */
  initial(): KubeObject[];
  timeoutSeconds?: number;
  bookmarks: boolean;
  sendInitialEvents: boolean;
  table: boolean;
}

const MAX_BUFFERED = 16 * 1024 * 1024;

/** Maps a store event to what a filtered watcher sees, or undefined to skip it. */
export function visibleType(ev: StoreEvent, matches: (o: KubeObject) => boolean): WatchEventType | undefined {
  const now = ev.type !== 'DELETED' && matches(ev.object);
  const before = ev.previous !== undefined && matches(ev.previous);
  if (ev.type === 'ADDED') return now ? 'ADDED' : undefined;
  if (ev.type === 'DELETED') return before ? 'DELETED' : undefined;
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}

export function serveWatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, w: WatchRequest): Promise<number> {
  const { def } = w;
  const rvParam = w.resourceVersion;
  const fromCurrent = rvParam === null || rvParam === '' || rvParam === '0' || w.sendInitialEvents;
  let startRv = ctx.store.resourceVersion;
  if (!fromCurrent) {
    startRv = Number(rvParam);
    if (!Number.isInteger(startRv) || startRv < 0) throw new ApiError('BadRequest', `invalid resourceVersion "${rvParam}": must be an integer`);
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  let lastRv = startRv;
  const writeLine = (line: string): void => {
    // A client that stops reading is cut off rather than buffered without bound; it re-watches from its last RV.
    if (res.writableLength > MAX_BUFFERED) finish();
    else res.write(line);
  };
  const encode = (type: string, object: unknown): void => writeLine(JSON.stringify({ type, object }) + '\n');
  const send = (type: WatchEventType, obj: KubeObject, json?: string): void => {
    lastRv = Math.max(lastRv, Number(obj.metadata.resourceVersion));
    if (w.table) encode(type, toTable(def, [obj], { resourceVersion: obj.metadata.resourceVersion }, ctx.now(), null));
    else if (json !== undefined) writeLine(`{"type":"${type}","object":${json}}\n`);
    else encode(type, obj);
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    encode('BOOKMARK', { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(lastRv), ...(annotations ? { annotations } : {}) } });
  };

  let unsubscribe: (() => void) | undefined;
  let done = false;
  let resolveDone: (code: number) => void = () => {};
  const finished = new Promise<number>((r) => (resolveDone = r));
  const timers: NodeJS.Timeout[] = [];
  function finish(): void {
    if (done) return;
    done = true;
    unsubscribe?.();
    for (const t of timers) clearTimeout(t);
    res.end();
    resolveDone(200);
  }
  res.on('close', finish);

  if (fromCurrent) {
    for (const obj of w.initial()) if (w.matches(obj)) send('ADDED', obj);
    lastRv = startRv;
    if (w.sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' });
  }
  try {
    unsubscribe = ctx.store.watch(
      {
        res: def.key,
        namespace: w.namespace,
        minRv: startRv,
        onEvent(ev) {
          const type = visibleType(ev, w.matches);
          if (type) send(type, ev.object, ev.json);
          else lastRv = Math.max(lastRv, ev.rv);
        },
      },
      !fromCurrent,
    );
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    encode('ERROR', err.toStatus());
    finish();
    return finished;
  }
  const timeout = Math.min(w.timeoutSeconds ?? ctx.maxWatchSeconds, ctx.maxWatchSeconds);
  timers.push(setTimeout(finish, timeout * 1000));
  if (w.bookmarks) {
    // clearTimeout also clears intervals in Node.
    timers.push(setInterval(() => bookmark(), ctx.bookmarkIntervalMs));
  }
  return finished;
}
