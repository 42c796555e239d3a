/**
 * `argo logs`: the logs of a workflow's pods, each line prefixed with the
 * pod name. With follow, pods are picked up through a pod watch as they
 * start, and the command ends when the workflow has completed and every
 * stream has ended.
 */
import type { Readable } from 'node:stream';
import type { ArgoApi, LogOptions } from '../kube/api.js';
import { Resources } from '../kube/resources.js';
import { CliError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { Labels } from './labels.js';
import { followWorkflow } from './follow.js';
import { getWorkflow } from './lookup.js';

export interface LogsRequest extends Omit<LogOptions, 'follow'> {
  workflow: string;
  pod?: string;
  follow?: boolean;
  grep?: string;
  selector?: string;
}

type Sink = (line: string) => void;

async function pipeLines(stream: Readable, prefix: string, grep: RegExp | undefined, sink: Sink): Promise<void> {
  let buf = '';
  const emit = (line: string) => { if (!grep || grep.test(line)) sink(`${prefix}${line}`); };
  for await (const chunk of stream) {
    buf += (chunk as Buffer).toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      emit(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
  }
  if (buf) emit(buf);
}

function podStarted(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Running' || phase === 'Succeeded' || phase === 'Failed';
}

function byCreation(a: KubeObject, b: KubeObject): number {
  return (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

export async function workflowLogs(api: ArgoApi, namespace: string, req: LogsRequest, sink: Sink): Promise<void> {
  const wf = await getWorkflow(api, namespace, req.workflow);
  const wfName = wf.metadata.name!;
  let grep: RegExp | undefined;
  try {
    grep = req.grep ? new RegExp(req.grep) : undefined;
  } catch (err) {
    throw new CliError('usage', `--grep ${req.grep}: not a regular expression: ${(err as Error).message}`);
  }
  const labelSelector = [`${Labels.workflow}=${wfName}`, req.selector].filter(Boolean).join(',');
  const wanted = (pod: KubeObject) => !req.pod || pod.metadata.name === req.pod;
  const opts: LogOptions = { container: req.container, sinceSeconds: req.sinceSeconds, sinceTime: req.sinceTime, tailLines: req.tailLines, timestamps: req.timestamps, previous: req.previous };
  const prefix = (pod: KubeObject) => `${pod.metadata.name}: `;

  if (!req.follow) {
    const pods = (await api.list(Resources.pod, { namespace, labelSelector })).filter(wanted).sort(byCreation);
    if (req.pod && pods.length === 0) throw new CliError('not-found', `workflow ${wfName} has no pod ${req.pod}`);
    // Lines of all pods in time order: ask for timestamps, sort, and drop them unless wanted.
    const lines: Array<{ ts: string; text: string }> = [];
    for (const pod of pods) {
      try {
        await pipeLines(await api.logs(namespace, pod.metadata.name!, { ...opts, timestamps: true }), '', undefined, (line) => {
          const sp = line.indexOf(' ');
          const ts = sp > 0 && /^\d{4}-\d\d-\d\dT/.test(line) ? line.slice(0, sp) : '';
          const body = ts ? line.slice(sp + 1) : line;
          if (!grep || grep.test(body)) lines.push({ ts, text: `${prefix(pod)}${req.timestamps && ts ? `${ts} ` : ''}${body}` });
        });
      } catch (err) {
        // A pod that has not started a container yet has no logs: skip it, as Argo does.
        if (!(err instanceof CliError && (err.code === 'invalid-input' || err.code === 'not-found'))) throw err;
      }
    }
    // Nanosecond timestamps exceed a double's precision as one number: compare ms, then the sub-ms digits.
    const key = (ts: string): [number, number] => {
      const ms = Date.parse(ts);
      return Number.isNaN(ms) ? [Number.MAX_SAFE_INTEGER, 0] : [ms, Number((/\.(\d+)/.exec(ts)?.[1] ?? '').padEnd(9, '0').slice(3, 9))];
    };
    lines.map((l, i) => ({ text: l.text, i, k: key(l.ts) }))
      .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
      .forEach((l) => sink(l.text));
    return;
  }

  const streams = new Map<string, Promise<void>>();
  const start = (pod: KubeObject) => {
    const name = pod.metadata.name!;
    if (streams.has(name) || !wanted(pod) || !podStarted(pod)) return;
    streams.set(name, (async () => {
      try {
        await pipeLines(await api.logs(namespace, name, { ...opts, follow: true }), prefix(pod), grep, sink);
      } catch (err) {
        if (err instanceof CliError && err.code === 'invalid-input') streams.delete(name);
        else if (!(err instanceof CliError && err.code === 'not-found')) throw err;
      }
    })());
  };
  const abort = new AbortController();
  const podWatch = api.watch(Resources.pod, { namespace, labelSelector }, (ev) => {
    if (ev.type === 'ADDED' || ev.type === 'MODIFIED') start(ev.object);
  }, abort.signal);
  const done = followWorkflow(api, namespace, wfName, () => undefined, abort.signal);
  try {
    await Promise.race([done, podWatch.then(() => done)]);
    // Pods that started and finished between watch events still have logs to show.
    for (const pod of await api.list(Resources.pod, { namespace, labelSelector })) start(pod);
  } finally {
    abort.abort();
  }
  await podWatch.catch(() => undefined);
  let pending = [...streams.values()];
  while (pending.length) {
    await Promise.all(pending);
    pending = [...streams.values()].filter((p) => !pending.includes(p));
  }
}
