/** Workflow objects shaped like the controller writes them, for view and action tests. */
import type { NodeStatus, Workflow } from '../types.js';

export const T0 = '2026-11-23T12:00:00Z';
export const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

function node(wf: string, n: Partial<NodeStatus> & { name: string; type: string }, id?: string): NodeStatus {
  return { id: id ?? `${wf}-${n.name.length}${n.name.charCodeAt(n.name.length - 1)}`, displayName: n.name.split('.').pop(), phase: 'Succeeded', ...n } as NodeStatus;
}

function index(nodes: NodeStatus[]): Record<string, NodeStatus> {
  return Object.fromEntries(nodes.map((n) => [n.id, n]));
}

/** steps: [hello1] then [hello2a, hello2b] in parallel. */
export function stepsWorkflow(): Workflow {
  const wf = 'steps-abc';
  const root = node(wf, { name: wf, type: 'Steps', templateName: 'hello-hello-hello', displayName: wf, startedAt: at(0), finishedAt: at(12) }, wf);
  const sg0 = node(wf, { name: `${wf}[0]`, type: 'StepGroup', displayName: '[0]', boundaryID: wf, templateName: 'hello-hello-hello' }, `${wf}-100`);
  const h1 = node(wf, { name: `${wf}[0].hello1`, type: 'Pod', templateName: 'whalesay', boundaryID: wf, startedAt: at(0), finishedAt: at(4) }, `${wf}-111`);
  const sg1 = node(wf, { name: `${wf}[1]`, type: 'StepGroup', displayName: '[1]', boundaryID: wf, templateName: 'hello-hello-hello' }, `${wf}-101`);
  const h2a = node(wf, { name: `${wf}[1].hello2a`, type: 'Pod', templateName: 'whalesay', boundaryID: wf, startedAt: at(5), finishedAt: at(8) }, `${wf}-121`);
  const h2b = node(wf, { name: `${wf}[1].hello2b`, type: 'Pod', templateName: 'whalesay', boundaryID: wf, startedAt: at(5), finishedAt: at(12), phase: 'Failed', message: 'exit code 1' }, `${wf}-122`);
  root.children = [sg0.id];
  sg0.children = [h1.id];
  h1.children = [sg1.id];
  sg1.children = [h2a.id, h2b.id];
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
    metadata: { name: wf, namespace: 'argo', creationTimestamp: T0, resourceVersion: '7', labels: { 'workflows.argoproj.io/completed': 'true', team: 'a' } },
    spec: { entrypoint: 'hello-hello-hello', arguments: { parameters: [{ name: 'message', value: 'hi' }] } },
    status: { phase: 'Failed', message: 'child failed', startedAt: at(0), finishedAt: at(12), nodes: index([root, sg0, h1, sg1, h2a, h2b]) },
  };
}

/** A diamond DAG where D retried once, plus an exit handler. */
export function dagWorkflow(): Workflow {
  const wf = 'dag-x';
  const root = node(wf, { name: wf, type: 'DAG', templateName: 'diamond', displayName: wf, startedAt: at(0) , phase: 'Running' }, wf);
  const a = node(wf, { name: `${wf}.A`, type: 'Pod', templateName: 'echo', boundaryID: wf, startedAt: at(0), finishedAt: at(2) }, `${wf}-1`);
  const b = node(wf, { name: `${wf}.B`, type: 'Pod', templateName: 'echo', boundaryID: wf, startedAt: at(3), finishedAt: at(5) }, `${wf}-2`);
  const c = node(wf, { name: `${wf}.C`, type: 'Pod', templateName: 'echo', boundaryID: wf, startedAt: at(4), phase: 'Running' }, `${wf}-3`);
  const d = node(wf, { name: `${wf}.D`, type: 'Retry', templateName: 'echo', boundaryID: wf, startedAt: at(6), phase: 'Running' }, `${wf}-4`);
  const d0 = node(wf, { name: `${wf}.D(0)`, type: 'Pod', templateName: 'echo', boundaryID: wf, startedAt: at(6), finishedAt: at(7), phase: 'Failed', message: 'Error (exit code 1)' }, `${wf}-5`);
  const d1 = node(wf, { name: `${wf}.D(1)`, type: 'Pod', templateName: 'echo', boundaryID: wf, startedAt: at(8), phase: 'Pending' }, `${wf}-6`);
  const exit = node(wf, { name: `${wf}.onExit`, type: 'Pod', templateName: 'exit-handler', displayName: `${wf}.onExit`, startedAt: at(9), phase: 'Pending' }, `${wf}-9`);
  root.children = [a.id];
  a.children = [b.id, c.id];
  b.children = [d.id];
  c.children = [d.id];
  d.children = [d0.id, d1.id];
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
    metadata: { name: wf, namespace: 'argo', creationTimestamp: T0 },
    spec: { entrypoint: 'diamond', serviceAccountName: 'runner' },
    status: { phase: 'Running', startedAt: at(0), nodes: index([root, a, b, c, d, d0, d1, exit]) },
  };
}

/** Steps with an active Suspend node `approve` and one finished step. */
export function suspendedWorkflow(): Workflow {
  const wf = 'sus-1';
  const root = node(wf, { name: wf, type: 'Steps', templateName: 'main', displayName: wf, startedAt: at(0), phase: 'Running' }, wf);
  const sg0 = node(wf, { name: `${wf}[0]`, type: 'StepGroup', displayName: '[0]', boundaryID: wf, phase: 'Running' }, `${wf}-100`);
  const approve = node(wf, {
    name: `${wf}[0].approve`, type: 'Suspend', templateName: 'approve', boundaryID: wf, startedAt: at(1), phase: 'Running',
    inputs: { parameters: [{ name: 'tag', value: 't1' }] },
    outputs: { parameters: [{ name: 'answer', valueFrom: { supplied: {}, default: 'yes' } }] },
  }, `${wf}-200`);
  const other = node(wf, { name: `${wf}[0].wait2`, type: 'Suspend', templateName: 'approve', boundaryID: wf, startedAt: at(1), phase: 'Running', inputs: { parameters: [{ name: 'tag', value: 't2' }] } }, `${wf}-201`);
  root.children = [sg0.id];
  sg0.children = [approve.id, other.id];
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
    metadata: { name: wf, namespace: 'argo', creationTimestamp: T0 },
    spec: { entrypoint: 'main', suspend: true },
    status: { phase: 'Running', startedAt: at(0), nodes: index([root, sg0, approve, other]) },
  };
}
