/**
 * A tiny pod simulator for operator tests and benchmarks: keeps the pods the
 * operator asked for, lets a test finish them with an exit code and outputs,
 * and drives operate() to a fixed point.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { Annotations } from '@argo-ts/spec';
import type { Outputs, Workflow } from '../model.js';
import { operate, operateInPlace } from '../operate.js';
import type { OperateContext, OperateResult, OperatorConfig } from '../types.js';

export interface PodOutcome { exitCode?: number; outputs?: Outputs; podFailure?: string }
/** Decides how a pod ends, from its node name (e.g. `wf[0].flip`). Undefined leaves it running. */
export type Script = (nodeName: string, pod: V1Pod) => PodOutcome | undefined;

/** The images index a cluster would configure for the images tests use without `command` (their real ENTRYPOINT/CMD). */
export const testImages: NonNullable<OperatorConfig['images']> = {
  busybox: { cmd: ['sh'] },
  alpine: { cmd: ['/bin/sh'] },
  nginx: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] },
  'argoproj/argosay:v2': { entrypoint: ['/argosay'] },
  'influxdb:1.2': { entrypoint: ['/entrypoint.sh'], cmd: ['influxd'] },
};
export const testConfig: OperatorConfig = { executorImage: 'argoexec:test', outputsReporter: 'annotation', images: testImages };
export function emptyContext(): OperateContext {
  return { workflowTemplates: new Map(), clusterWorkflowTemplates: new Map(), configMaps: new Map(), taskResults: new Map() };
}

/**
 * A stand-in executor: succeeds and reports every output the pod's template
 * declares (parameters: their default or "3"; artifacts: a key in bucket b).
 */
export const declaredOutputs: Script = (_node, pod) => {
  const main = pod.spec!.containers.find((c) => c.name === 'main')!;
  const tmpl = JSON.parse(main.env!.find((e) => e.name === 'ARGO_TEMPLATE')!.value!) as { outputs?: Outputs };
  const o = tmpl.outputs ?? {};
  return {
    exitCode: 0,
    outputs: {
      result: '3',
      parameters: (o.parameters ?? []).map((p) => ({ name: p.name, value: p.valueFrom?.default ?? '3', ...(p.globalName ? { globalName: p.globalName } : {}) })),
      artifacts: (o.artifacts ?? []).map((a) => ({ name: a.name, s3: { bucket: 'b', key: `k/${a.name}` }, ...(a.globalName ? { globalName: a.globalName } : {}) })),
    },
  };
};

export function finishPod(pod: V1Pod, o: PodOutcome): V1Pod {
  if (o.podFailure) return { ...pod, status: { phase: 'Failed', message: o.podFailure } };
  const code = o.exitCode ?? 0;
  const term = (exitCode: number) => ({ name: '', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed' } } });
  return {
    ...pod,
    metadata: { ...pod.metadata, annotations: { ...pod.metadata!.annotations, [Annotations.outputs]: JSON.stringify({ ...(o.outputs ?? {}), exitCode: String(code) }) } },
    status: {
      ...pod.status,
      phase: code ? 'Failed' : 'Succeeded',
      containerStatuses: [{ ...term(0), name: 'wait' }, { ...term(code), name: 'main' }],
    },
  };
}

export function runningPod(pod: V1Pod): V1Pod {
  return { ...pod, spec: { ...pod.spec!, nodeName: 'node-1' }, status: { phase: 'Running', podIP: '10.0.0.1', containerStatuses: [{ name: 'main', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } }] } };
}

export class Simulator {
  pods = new Map<string, V1Pod>();
  /** Pods still running (so settling costs what changed, not every pod). */
  running = new Set<string>();
  /** Time inside operate(), per call: wall ms, process CPU ms (immune to other load), node count after it. */
  timings: { ms: number; cpuMs: number; nodes: number }[] = [];

  wf: Workflow;
  now: Date;
  operations = 0;
  created: string[] = [];
  /** Use operateInPlace (the simulator owns the status it passes back). */
  inPlace = false;
  /** Pass the status through JSON each time, as a controller reading it back from the API would (no memo hits). */
  roundTrip = false;
  last?: OperateResult;

  constructor(wf: Workflow, readonly script: Script, readonly config = testConfig, readonly ctx = emptyContext(), start = new Date('2026-01-01T00:00:00Z')) {
    this.wf = { ...wf, metadata: { uid: 'uid-1', namespace: 'argo', ...wf.metadata } };
    this.now = start;
  }

  step(): OperateResult {
    const pods = [...this.pods.values()];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = (this.inPlace ? operateInPlace : operate)(this.wf, pods, this.now, this.config, this.ctx);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    this.timings.push({ ms, cpuMs: (c.user + c.system) / 1000, nodes: r.status.nodes ? this.countNodes(r.status.nodes) : 0 });
    this.operations++;
    this.last = r;
    this.wf = { ...this.wf, status: this.roundTrip ? JSON.parse(JSON.stringify(r.status)) : r.status };
    for (const a of r.actions) {
      if (a.type === 'createPod') {
        const name = a.pod.metadata!.name!;
        if (this.pods.has(name)) throw new Error(`pod ${name} created twice`);
        this.created.push(name);
        this.pods.set(name, runningPod(a.pod));
        this.running.add(name);
      } else if (a.type === 'deletePod') {
        this.pods.delete(a.name);
        this.running.delete(a.name);
      } else if (a.type === 'annotatePod' && a.labels && this.pods.has(a.name)) {
        const pod = this.pods.get(a.name)!;
        this.pods.set(a.name, { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata?.labels, ...a.labels } } });
      }
    }
    return r;
  }

  /** Takes over existing pods (a restarted controller sees what is in the cluster). */
  adopt(pods: Map<string, V1Pod>): void {
    for (const [name, pod] of pods) {
      this.pods.set(name, pod);
      if (pod.status?.phase === 'Running') this.running.add(name);
    }
  }

  /** Outside the timed section. */
  private countNodes(nodes: object): number {
    return Object.keys(nodes).length;
  }

  /** Finishes running pods per the script. Returns how many changed. */
  settle(): number {
    let n = 0;
    for (const name of [...this.running]) {
      const pod = this.pods.get(name)!;
      const o = this.script(pod.metadata!.annotations![Annotations.nodeName]!, pod);
      if (!o) continue;
      this.running.delete(name);
      this.pods.set(name, finishPod(pod, o));
      n++;
    }
    return n;
  }

  /** Operates until the workflow completes (advancing the clock by requeue delays). */
  run(max = 1000): Workflow {
    for (let i = 0; i < max; i++) {
      const r = this.step();
      if (['Succeeded', 'Failed', 'Error'].includes(r.status.phase ?? '')) return this.wf;
      const changed = this.settle();
      if (!changed && !r.actions.some((a) => a.type === 'createPod')) {
        if (r.requeueAfterMs === undefined) return this.wf;
        this.now = new Date(this.now.getTime() + r.requeueAfterMs);
      }
    }
    throw new Error('workflow did not complete');
  }

  node(name: string) {
    return Object.values(this.wf.status?.nodes ?? {}).find((n) => n.name === name);
  }
}
