/**
 * A pod's main-container log, followed live through the log stream. When a
 * followed stream ends while the pod still runs it is reopened, and the
 * server sends the log from the start again, so the lines are replaced.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { followStream, streams } from '../api/client';

const MAX_LINES = 5000;

interface LogEntry { content?: string; podName?: string }

export function LogView({ namespace, workflow, pod, live }: { namespace: string; workflow: string; pod: string; live: boolean }) {
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const pre = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const abort = new AbortController();
    setLines([]);
    setError(undefined);
    setDone(false);
    void followStream<LogEntry>(streams.podLog(namespace, workflow, pod), {
      onOpen: () => { setLines([]); setError(undefined); },
      onResult: (e) => setLines((l) => [...l, ...(e.content ?? '').split('\n')].slice(-MAX_LINES)),
      onError: setError,
    }, abort.signal, live).then(() => { if (!abort.signal.aborted) setDone(true); });
    return () => abort.abort();
  }, [namespace, workflow, pod, live]);
  useEffect(() => {
    const el = pre.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <div class="logs">
      {error && <p class="notice notice--error" role="alert">{error}</p>}
      <pre ref={pre} class="logs__text" role="log" aria-live="polite" aria-label={`Logs of pod ${pod}`} tabIndex={0} data-pod={pod}>
        {lines.length === 0 ? (done ? 'No log lines.' : 'Waiting for log lines…') : lines.join('\n')}
      </pre>
    </div>
  );
}
