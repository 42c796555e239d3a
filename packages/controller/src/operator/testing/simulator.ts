/**
 * A tiny pod simulator for operator tests and benchmarks: keeps the pods the
 * operator asked for, lets a test finish them with an exit code and outputs,
 * and drives operate() to a fixed point.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { Annotations } from '@argo-ts/spec';
import type { Outputs, Workflow } from '../model.js';
import { operate } from '../operate.js';
import type { OperateContext, OperateResult, OperatorConfig } from '../types.js';

export interface PodOutcome { exitCode?: number; outputs?: Outputs; podFailure?: string }
/** Decides how a pod ends, from its node name (e.g. `wf[0].flip`). Undefined leaves it running. */
export type Script = (nodeName: string, pod: V1Pod) => PodOutcome | undefined;

export const testConfig: OperatorConfig = { executorImage: 'argoexec:test', outputsReporter: 'annotation' };
export function emptyContext(): OperateContext {
  return { workflowTemplates: new Map(), clusterWorkflowTemplates: new Map(), configMaps: new Map(), taskResults: new Map() };
}

export function finishPod(pod: V1Pod, o: PodOutcome): V1Pod {
  if (o.podFailure) return { ...pod, status: { phase: 'Failed', message: o.podFailure } };
  const code = o.exitCode ?? 0;
  const term = (exitCode: number) => ({ name: '', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed' } } });
  return {
    ...pod,
    metadata: { ...pod.metadata, annotations: { ...pod.metadata!.annotations, [Annotations.outputs]: JSON.stringify({ ...(o.outputs ?? {}), exitCode: String(code) }) } },
    status: {
      phase: code ? 'Failed' : 'Succeeded',
      containerStatuses: [{ ...term(0), name: 'wait' }, { ...term(code), name: 'main' }],
    },
  };
}

export function runningPod(pod: V1Pod): V1Pod {
  return { ...pod, status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } }] } };
}

export class Simulator {
  pods = new Map<string, V1Pod>();
  wf: Workflow;
  now: Date;
  operations = 0;
  created: string[] = [];
  last?: OperateResult;

  constructor(wf: Workflow, readonly script: Script, readonly config = testConfig, readonly ctx = emptyContext(), start = new Date('2026-01-01T00:00:00Z')) {
    this.wf = { ...wf, metadata: { uid: 'uid-1', namespace: 'argo', ...wf.metadata } };
    this.now = start;
  }

  step(): OperateResult {
    const r = operate(this.wf, [...this.pods.values()], this.now, this.config, this.ctx);
    this.operations++;
    this.last = r;
    this.wf = { ...this.wf, status: r.status };
    for (const a of r.actions) {
      if (a.type === 'createPod') {
        const name = a.pod.metadata!.name!;
        if (this.pods.has(name)) throw new Error(`pod ${name} created twice`);
        this.created.push(name);
        this.pods.set(name, runningPod(a.pod));
      } else if (a.type === 'deletePod') {
        this.pods.delete(a.name);
      }
    }
    return r;
  }

  /** Finishes running pods per the script. Returns how many changed. */
  settle(): number {
    let n = 0;
    for (const [name, pod] of this.pods) {
      if (pod.status?.phase !== 'Running') continue;
      const o = this.script(pod.metadata!.annotations![Annotations.nodeName]!, pod);
      if (!o) continue;
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
