/**
 * The changes resume, stop, retry and resubmit make to a workflow, as pure
 * functions of the stored object. Argo makes them in its server; here both
 * the CLI (writing to Kubernetes) and the Argo Server compute them with these.
 */
import { matchesNode, type FieldRequirement } from './node-selector.js';
import { fnv32a, nodeIdFor, podNameOf } from './pod-name.js';
import { WorkflowActionError, type ApiNodeStatus as NodeStatus, type ApiParameter, type ApiWorkflow as Workflow } from './types.js';

export { fnv32a, nodeIdFor };

/** Sets `spec.arguments.parameters`: existing names are overwritten, new ones appended. */
export function setParameters(params: ApiParameter[] | undefined, overrides: Array<{ name: string; value: string }>): ApiParameter[] {
  const out = (params ?? []).map((p) => ({ ...p }));
  for (const o of overrides) {
    const existing = out.find((p) => p.name === o.name);
    if (existing) {
      existing.value = o.value;
      delete existing.valueFrom;
    } else {
      out.push({ name: o.name, value: o.value });
    }
  }
  return out;
}

const FAILED = ['Failed', 'Error'];
const CONTROLLER_LABELS = [
  'workflows.argoproj.io/completed',
  'workflows.argoproj.io/phase',
  'workflows.argoproj.io/workflow-archiving-status',
  'workflows.argoproj.io/controller-instanceid',
];
export const RESUBMITTED_FROM_LABEL = 'workflows.argoproj.io/resubmitted-from-workflow';

export function isActiveSuspendNode(n: NodeStatus): boolean {
  return n.type === 'Suspend' && n.phase === 'Running';
}

/** Suspend-node outputs that were never supplied take their declared default. */
function supplyDefaults(n: NodeStatus): NodeStatus['outputs'] {
  if (!n.outputs?.parameters) return n.outputs;
  return {
    ...n.outputs,
    parameters: n.outputs.parameters.map((p) => {
      const def = (p.valueFrom as { default?: string } | undefined)?.default;
      return p.value === undefined && def !== undefined ? { ...p, value: def } : p;
    }),
  };
}

/** Node patches that end matching active Suspend nodes with `phase`. */
export function settleSuspendNodes(wf: Workflow, selector: FieldRequirement[], phase: 'Succeeded' | 'Failed', now: Date, message?: string): Record<string, Partial<NodeStatus>> {
  const patch: Record<string, Partial<NodeStatus>> = {};
  for (const [id, n] of Object.entries(wf.status?.nodes ?? {})) {
    if (!isActiveSuspendNode(n) || !matchesNode(n, selector)) continue;
    patch[id] = { phase, finishedAt: now.toISOString(), ...(message ? { message } : {}), ...(phase === 'Succeeded' ? { outputs: supplyDefaults(n) } : {}) };
  }
  return patch;
}

/**
 * `argo resume`: without a selector the workflow is unsuspended and every
 * active Suspend node succeeds; with one, only matching Suspend nodes do.
 */
export function resumePatch(wf: Workflow, selector: FieldRequirement[], now: Date): { spec?: Record<string, unknown>; nodes: Record<string, Partial<NodeStatus>> } {
  const nodes = settleSuspendNodes(wf, selector, 'Succeeded', now);
  if (selector.length > 0 && Object.keys(nodes).length === 0) {
    throw new WorkflowActionError('not-found', `workflow ${wf.metadata.name}: no suspended node matches the node field selector`);
  }
  return selector.length > 0 ? { nodes } : { spec: { suspend: null }, nodes };
}

export interface SetNodeValues {
  phase?: string;
  message?: string;
  /** name → value of outputs declared `valueFrom.supplied` on the node's template. */
  outputParameters?: Record<string, string>;
}

/**
 * `argo node set` (and the Argo Server's `set`), as Argo's updateSuspendedNode: only Suspend nodes
 * matching the selector change; each output parameter must be one the node declares with
 * `valueFrom.supplied` and not yet set; a set parameter with a `globalName` becomes a global output.
 */
export function setNodePatch(wf: Workflow, selector: FieldRequirement[], values: SetNodeValues, selectorText: string, now: Date): { nodes: Record<string, Partial<NodeStatus>>; outputs?: { parameters: ApiParameter[] } } {
  const nodes: Record<string, Partial<NodeStatus>> = {};
  let globals = [...((wf.status as { outputs?: { parameters?: ApiParameter[] } } | undefined)?.outputs?.parameters ?? [])];
  let globalsChanged = false;
  for (const [id, n] of Object.entries(wf.status?.nodes ?? {})) {
    if (n.type !== 'Suspend' || !matchesNode(n, selector)) continue;
    const p: Partial<NodeStatus> = {};
    if (values.phase) {
      p.phase = values.phase;
      if (['Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted'].includes(values.phase)) p.finishedAt = now.toISOString();
    }
    if (values.message) p.message = values.message;
    if (values.outputParameters && Object.keys(values.outputParameters).length) {
      const params = (n.outputs?.parameters ?? []).map((x) => ({ ...x }));
      for (const [name, value] of Object.entries(values.outputParameters)) {
        const param = params.find((x) => x.name === name);
        if (!param) throw new WorkflowActionError('invalid-input', `node is not expecting output parameter '${name}'`);
        if (!(param.valueFrom as { supplied?: unknown } | undefined)?.supplied) {
          throw new WorkflowActionError('invalid-input', `cannot set output parameter '${name}' because it does not use valueFrom.raw or it was already set`);
        }
        param.value = value;
        delete param.valueFrom;
        const globalName = (param as { globalName?: string }).globalName;
        if (globalName) {
          globals = [...globals.filter((g) => g.name !== globalName), { name: globalName, value }];
          globalsChanged = true;
        }
      }
      p.outputs = { ...(n.outputs ?? {}), parameters: params };
    }
    nodes[id] = p;
  }
  if (Object.keys(nodes).length === 0) {
    throw new WorkflowActionError('not-found', `currently, set only targets suspend nodes: no suspend nodes matching nodeFieldSelector: ${selectorText}`);
  }
  return globalsChanged ? { nodes, outputs: { parameters: globals } } : { nodes };
}

/** Node types that contain their children; other nodes' `children` only chain to what ran next. */
const CONTAINER_TYPES = new Set(['Steps', 'StepGroup', 'DAG', 'TaskGroup', 'Retry']);

function parentsIndex(nodes: Record<string, NodeStatus>): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const n of Object.values(nodes)) {
    if (!CONTAINER_TYPES.has(n.type)) continue;
    for (const c of n.children ?? []) parents.set(c, [...(parents.get(c) ?? []), n.id]);
  }
  return parents;
}

export interface RetryOptions {
  restartSuccessful?: boolean;
  selector: FieldRequirement[];
  parameters?: Array<{ name: string; value: string }>;
}

/**
 * `argo retry`: failed pods (and, with --restart-successful, successful
 * nodes matching the selector) are removed along with everything that ran
 * after them; their ancestors go back to Running; the exit handler runs
 * again. Returns the new workflow and the pods to delete.
 */
export function formulateRetry(wf: Workflow, opts: RetryOptions): { workflow: Workflow; podsToDelete: string[]; taskResultsToDelete: string[] } {
  const phase = wf.status?.phase ?? '';
  if (!FAILED.includes(phase)) {
    throw new WorkflowActionError('invalid-input', `workflow ${wf.metadata.name} is ${phase || 'Pending'}: only Failed or Error workflows can be retried`);
  }
  const out: Workflow = structuredClone(wf);
  const nodes = out.status!.nodes ?? {};
  const name = wf.metadata.name ?? '';
  const remove = new Set<string>();
  const seed = (n: NodeStatus): boolean => {
    if (n.name.startsWith(`${name}.onExit`)) return true;
    if (n.type === 'Pod' || n.type === 'Suspend' || n.type === 'HTTP' || n.type === 'Plugin' || n.type === 'Container') {
      if (FAILED.includes(n.phase ?? '')) return true;
      if (opts.restartSuccessful && n.phase === 'Succeeded' && opts.selector.length > 0 && matchesNode(n, opts.selector)) return true;
    }
    return false;
  };
  const stack = Object.values(nodes).filter(seed).map((n) => n.id);
  // Everything downstream of a reset node ran on its old result: run it again.
  while (stack.length) {
    const id = stack.pop()!;
    if (remove.has(id) || !nodes[id]) continue;
    remove.add(id);
    stack.push(...(nodes[id]!.children ?? []));
    for (const n of Object.values(nodes)) if (n.boundaryID === id) stack.push(n.id);
  }
  const parents = parentsIndex(nodes);
  const reset = new Set<string>();
  const up = [...remove];
  while (up.length) {
    const id = up.pop()!;
    const n = nodes[id];
    for (const p of [...(parents.get(id) ?? []), ...(n?.boundaryID ? [n.boundaryID] : [])]) {
      if (!remove.has(p) && !reset.has(p)) { reset.add(p); up.push(p); }
    }
  }
  const podsToDelete: string[] = [];
  // A node's WorkflowTaskResult (named by its ID) would hand the re-run node its old outputs or HTTP response.
  const taskResultsToDelete: string[] = [];
  for (const id of remove) {
    const n = nodes[id]!;
    if (n.type === 'Pod') podsToDelete.push(podNameOf(wf, n));
    if (n.type === 'Pod' || n.type === 'HTTP') taskResultsToDelete.push(id);
    delete nodes[id];
  }
  for (const n of Object.values(nodes)) if (n.children) n.children = n.children.filter((c) => !remove.has(c));
  for (const id of reset) {
    const n = nodes[id]!;
    n.phase = 'Running';
    delete n.finishedAt;
    delete n.message;
    if (n.outboundNodes) n.outboundNodes = n.outboundNodes.filter((c) => !remove.has(c));
  }
  out.status = { ...out.status, phase: 'Running', nodes };
  delete out.status.finishedAt;
  delete out.status.message;
  delete out.status.progress;
  out.status.conditions = (out.status.conditions ?? []).filter((c) => c.type !== 'Completed');
  if (out.spec.shutdown) delete out.spec.shutdown;
  for (const l of ['workflows.argoproj.io/completed', 'workflows.argoproj.io/workflow-archiving-status']) delete out.metadata.labels?.[l];
  if (opts.parameters?.length) {
    out.spec.arguments = { ...(out.spec.arguments ?? {}), parameters: setParameters(out.spec.arguments?.parameters, opts.parameters) };
  }
  return { workflow: out, podsToDelete, taskResultsToDelete };
}

export interface ResubmitOptions {
  memoized?: boolean;
  parameters?: Array<{ name: string; value: string }>;
  /** Used for the memoized name; injectable for tests. */
  randomSuffix?: () => string;
  now?: Date;
}

function randomSuffix(): string {
  const chars = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from({ length: 5 }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
}

/**
 * `argo resubmit`: a new workflow from the old spec with user labels kept.
 * `--memoized` carries successful pods over as Skipped nodes so they do not
 * run again; this needs a fixed name, so one is generated here.
 */
export function formulateResubmit(wf: Workflow, opts: ResubmitOptions = {}): Workflow {
  const oldName = wf.metadata.name ?? '';
  const labels = Object.fromEntries(Object.entries(wf.metadata.labels ?? {}).filter(([k]) => !CONTROLLER_LABELS.includes(k)));
  labels[RESUBMITTED_FROM_LABEL] = oldName;
  const generateName = wf.metadata.generateName || `${oldName}-`;
  const out: Workflow = {
    apiVersion: wf.apiVersion ?? 'argoproj.io/v1alpha1',
    kind: wf.kind ?? 'Workflow',
    metadata: { generateName, namespace: wf.metadata.namespace, labels, ...(wf.metadata.annotations ? { annotations: { ...wf.metadata.annotations } } : {}) },
    spec: structuredClone(wf.spec),
  };
  delete out.spec.shutdown;
  delete out.spec.suspend;
  if (opts.parameters?.length) {
    out.spec.arguments = { ...(out.spec.arguments ?? {}), parameters: setParameters(out.spec.arguments?.parameters, opts.parameters) };
  }
  if (!opts.memoized) return out;
  if (!FAILED.includes(wf.status?.phase ?? '')) {
    throw new WorkflowActionError('invalid-input', `workflow ${oldName} is ${wf.status?.phase || 'Pending'}: only Failed or Error workflows can be resubmitted with --memoized`);
  }
  const newName = generateName + (opts.randomSuffix ?? randomSuffix)();
  out.metadata = { ...out.metadata, name: newName };
  delete out.metadata.generateName;
  const now = (opts.now ?? new Date()).toISOString();
  const convert = (id: string) => {
    const n = wf.status?.nodes?.[id];
    return n ? nodeIdFor(newName, n.name.replace(oldName, newName)) : id;
  };
  const nodes: Record<string, NodeStatus> = {};
  for (const node of Object.values(wf.status?.nodes ?? {})) {
    if (node.name.startsWith(`${oldName}.onExit`)) continue;
    const name = node.name.replace(oldName, newName);
    const n: NodeStatus = { ...structuredClone(node), name, id: nodeIdFor(newName, name) };
    if (node.boundaryID) n.boundaryID = convert(node.boundaryID);
    if (node.children) n.children = node.children.map(convert);
    if (node.outboundNodes) n.outboundNodes = node.outboundNodes.map(convert);
    if (node.type === 'Pod' && node.phase === 'Succeeded') {
      Object.assign(n, { type: 'Skipped', phase: 'Skipped', message: `original pod: ${node.id}`, startedAt: now, finishedAt: now });
    } else {
      n.phase = 'Pending';
      delete n.message;
      delete n.startedAt;
      delete n.finishedAt;
    }
    nodes[n.id] = n;
  }
  out.status = { nodes };
  return out;
}
