/**
 * Container and script templates: one pod per node. The first visit creates
 * the node (Pending) and emits createPod; the pod's state is folded into the
 * node by `observePods` before templates run. A Running node whose pod has
 * vanished is an Error ("pod deleted").
 */
import type { V1Pod } from '@kubernetes/client-node';
import { Annotations, FULFILLED_PHASES, isFulfilled } from '@argo-ts/spec';
import { buildExecutorPod, buildPod, type PodBuildInput } from '../pod/build.js';
import { offloadLargeTemplate } from '../pod/offload-template.js';
import { archiveLocation, relocateInputs } from './archive.js';
import { errorNode, nodeBase, type KindRun } from './execute.js';
import type { NodeStatus, Template } from './model.js';
import { podName } from '@argo-ts/lang';
import { exportGlobals } from './outputs.js';
import { inputsLookup } from './params.js';
import { assessPod, readReported, userContainers } from './pod-status.js';
import { observeContainers, settleContainers } from './container-nodes.js';
import { podResourcesDuration } from './resources-duration.js';
import type { Operation } from './state.js';
import { localTemplate } from './templates.js';
import { durationSeconds } from '@argo-ts/lang';
import { chain, mapLookup, substituteDeep } from './vars.js';

function outputsPathLookup(tmpl: Template) {
  return (name: string): string | undefined => {
    const m = /^outputs\.(parameters|artifacts)\.([^.]+)\.path$/.exec(name);
    if (!m) return undefined;
    if (m[1] === 'parameters') return tmpl.outputs?.parameters?.find((p) => p.name === m[2])?.valueFrom?.path;
    return tmpl.outputs?.artifacts?.find((a) => a.name === m[2])?.path;
  };
}

/** When the node must be done: template `timeout` (from creation) or `activeDeadlineSeconds`. */
function nodeDeadline(run: KindRun, node: NodeStatus): number | undefined {
  const start = Date.parse(node.startedAt ?? '');
  if (Number.isNaN(start)) return undefined;
  const limits = [durationSeconds(run.tmpl.timeout), run.tmpl.activeDeadlineSeconds !== undefined ? Number(run.tmpl.activeDeadlineSeconds) : undefined]
    .filter((x): x is number => x !== undefined && !Number.isNaN(x));
  return limits.length ? start + Math.min(...limits) * 1000 : undefined;
}

function deadline(op: Operation): string | undefined {
  const ads = op.spec.activeDeadlineSeconds;
  if (ads === undefined) return undefined;
  const start = Date.parse(op.wf.status?.startedAt ?? op.nowIso);
  return new Date(start + Number(ads) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type Builder = (input: PodBuildInput, run: KindRun) => V1Pod;

const byContainer: Builder = (input) => buildPod(input);
/** Resource templates: the executor applies the manifest (`argoexec resource <action>`). */
const byResource: Builder = (input, run) => buildExecutorPod(input, ['resource', String((run.tmpl.resource as { action?: string })?.action ?? 'create')]);
const byData: Builder = (input) => buildExecutorPod(input, ['data']);

export const podKind = (build: Builder) => (op: Operation, run: KindRun): NodeStatus | undefined => {
  try {
    return startPod(op, run, build);
  } catch (e) {
    // Bad substitution or podSpecPatch: the node errors with the reason, the workflow goes on as Argo's does.
    return errorNode(op, { ...run.req, nodeName: run.nodeName, displayName: run.displayName }, e, run.resolved.templateName);
  }
};

function startPod(op: Operation, run: KindRun, build: Builder): NodeStatus | undefined {
  const id = op.id(run.nodeName);
  const existing = op.byId(id);
  if (existing) {
    if (existing.phase === 'Running' && !op.pods.has(id)) return op.mark(id, 'Error', 'pod deleted');
    const due = nodeDeadline(run, existing);
    if (due !== undefined && !isFulfilled(existing.phase)) {
      if (op.now.getTime() >= due) {
        op.emit({ type: 'deletePod', name: podName(op.name, run.nodeName, run.resolved.templateName ?? run.resolved.tmpl.name) });
        return op.mark(id, 'Failed', 'Step exceeded its deadline');
      }
      op.requeue(due - op.now.getTime());
    }
    return existing;
  }
  if (op.stopping) return op.create({ ...nodeBase(op, run, 'Pod', 'Failed'), id, message: op.stopping });
  if (op.spec.suspend) return undefined;
  const limit = op.spec.parallelism ?? op.config.parallelism;
  if (limit !== undefined && op.activePods >= limit) return undefined;
  const name = podName(op.name, run.nodeName, run.resolved.templateName ?? run.resolved.tmpl.name);
  const vars: Record<string, string> = { 'pod.name': name, 'node.name': run.nodeName };
  if (run.retryAttempt !== undefined) vars['retries'] = String(run.retryAttempt);
  if (run.req.stepName !== undefined) vars['steps.name'] = vars['tasks.name'] = run.req.stepName;
  const lookup = chain(mapLookup(vars), inputsLookup(run.inputs), outputsPathLookup(run.tmpl), op.globals);
  const { metrics: _metrics, ...substitutable } = run.tmpl;
  const tmpl: Template = substituteDeep(substitutable as Template, lookup, { runtime: op.runtime, strict: true });
  const { retryStrategy: _r, ...forPod } = tmpl;
  const loc = archiveLocation(op, tmpl, name);
  // Input artifact locations (keys, buckets, urls, revisions, raw data, path, subPath) see the template's scope.
  const artifacts = run.inputs.artifacts && substituteDeep(run.inputs.artifacts, lookup, { runtime: op.runtime, strict: true });
  const inputs = artifacts ? { ...run.inputs, artifacts: relocateInputs(artifacts, loc) } : run.inputs;
  // The workflow-level patch is substituted like the template's before both are merged (workflow first).
  const spec = op.spec.podSpecPatch ? { ...op.spec, podSpecPatch: substituteDeep(op.spec.podSpecPatch, lookup, { runtime: op.runtime, strict: true }) } : op.spec;
  const resolvedTmpl: Template = { ...forPod, name: run.resolved.tmpl.name, inputs, ...(loc ? { archiveLocation: loc } : {}) };
  const pod = build({
    workflow: { name: op.name, namespace: op.wf.metadata.namespace ?? 'default', uid: op.wf.metadata.uid ?? '' },
    nodeId: id, nodeName: run.nodeName, podName: name, tmpl: resolvedTmpl, spec,
    executorImage: op.config.executorImage, outputsReporter: op.config.outputsReporter, instanceId: op.config.instanceId,
    deadline: deadline(op), retryAttempt: run.retryAttempt, includeScriptOutput: true, images: op.config.images, imageLookupErrors: op.config.imageLookupErrors,
  }, run);
  const offloaded = offloadLargeTemplate(pod, { name: op.name, uid: op.wf.metadata.uid ?? '' });
  if (offloaded.configMap) op.emit({ type: 'createResource', object: offloaded.configMap });
  op.emit({ type: 'createPod', pod: offloaded.pod });
  op.activePods++;
  return op.create({ ...nodeBase(op, run, 'Pod', 'Pending'), id });
}

const FULFILLED: ReadonlySet<string | undefined> = new Set(FULFILLED_PHASES);

/** Kinds that run as one pod. */
export const containerKind = podKind(byContainer);
export const resourceKind = podKind(byResource);
export const dataKind = podKind(byData);

/** Pods seen with a fulfilled node: such a pod object can never change that node again. */
const settled = new WeakSet<V1Pod>();

/** Folds pods into their nodes. Pods of fulfilled nodes cost one set lookup each. */
export function observePods(op: Operation, pods: V1Pod[]): void {
  for (const pod of pods) {
    if (settled.has(pod)) continue;
    const id = pod.metadata?.annotations?.[Annotations.nodeId];
    if (!id) continue;
    const node = op.nodes[id];
    if (!node) continue;
    if (FULFILLED.has(node.phase)) { settled.add(pod); continue; }
    op.pods.set(id, pod);
    const daemon = templateOf(op, node)?.daemon === true;
    const names = userContainers(pod);
    const reported = readReported(pod, op.ctx.taskResults.get(id));
    let a = assessPod(pod, reported.outputs, daemon, names);
    // Outputs the node cannot use end it in Error once the pod is done, as a failed wait would.
    if (reported.invalid && isFulfilled(a.phase)) a = { phase: 'Error', message: reported.invalid };
    // Deleted by someone else while its node ran (the controller marks a node before it deletes
    // the pod): the containers were killed, not failed. Argo's word for it, as when it is gone.
    if (pod.metadata?.deletionTimestamp && (a.phase === 'Failed' || a.phase === 'Error')) a = { phase: 'Error', message: 'pod deleted' };
    if (node.children?.length) observeContainers(op, node, pod, names);
    const changed = a.phase !== node.phase || a.message !== node.message || (a.daemoned ?? false) !== (node.daemoned ?? false)
      || (pod.spec?.nodeName && pod.spec.nodeName !== node.hostNodeName) || (pod.status?.podIP && pod.status.podIP !== node.podIP);
    if (!changed && !a.outputs) continue;
    const n = op.mutable(id);
    if (pod.spec?.nodeName) n.hostNodeName = pod.spec.nodeName;
    if (pod.status?.podIP) n.podIP = pod.status.podIP;
    if (a.daemoned) n.daemoned = true;
    if (a.outputs) n.outputs = a.outputs;
    if (isFulfilled(a.phase)) n.resourcesDuration = podResourcesDuration(pod);
    op.mark(id, a.phase, a.message);
    if (isFulfilled(a.phase)) {
      settleContainers(op, op.byId(id)!, a.phase);
      exportGlobals(op, a.outputs, templateOf(op, node));
      op.finishedPods.push(pod);
    }
  }
}

function templateOf(op: Operation, node: NodeStatus): Template | undefined {
  return localTemplate(op, node);
}
