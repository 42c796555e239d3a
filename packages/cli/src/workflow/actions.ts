/**
 * The changes `argo resume`, `stop`, `retry` and `resubmit` make to a
 * workflow: spec's workflow actions (shared with the Argo Server), with their
 * refusals as CliErrors.
 */
import * as spec from '@argo-ts/spec';
import { CliError } from '../errors.js';
import type { NodeStatus, Workflow } from '../types.js';
import type { FieldRequirement } from './selectors.js';

export { RESUBMITTED_FROM_LABEL, fnv32a, nodeIdFor, type RetryOptions, type ResubmitOptions } from '@argo-ts/spec';

/** Runs a spec action, turning its refusal into the CLI's error. */
export function asCli<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof spec.WorkflowActionError) throw new CliError(e.code, e.message);
    throw e;
  }
}

export function isActiveSuspendNode(n: NodeStatus): boolean {
  return spec.isActiveSuspendNode(n);
}

export function settleSuspendNodes(wf: Workflow, selector: FieldRequirement[], phase: 'Succeeded' | 'Failed', now: Date, message?: string): Record<string, Partial<NodeStatus>> {
  return spec.settleSuspendNodes(wf, selector, phase, now, message) as Record<string, Partial<NodeStatus>>;
}

export function resumePatch(wf: Workflow, selector: FieldRequirement[], now: Date): { spec?: Record<string, unknown>; nodes: Record<string, Partial<NodeStatus>> } {
  return asCli(() => spec.resumePatch(wf, selector, now)) as { spec?: Record<string, unknown>; nodes: Record<string, Partial<NodeStatus>> };
}

export function formulateRetry(wf: Workflow, opts: spec.RetryOptions): { workflow: Workflow; podsToDelete: string[]; taskResultsToDelete: string[] } {
  return asCli(() => spec.formulateRetry(wf, opts)) as { workflow: Workflow; podsToDelete: string[]; taskResultsToDelete: string[] };
}

export function formulateResubmit(wf: Workflow, opts: spec.ResubmitOptions = {}): Workflow {
  return asCli(() => spec.formulateResubmit(wf, opts)) as Workflow;
}

export function setNodePatch(wf: Workflow, selector: FieldRequirement[], values: spec.SetNodeValues, selectorText: string, now: Date): { nodes: Record<string, Partial<NodeStatus>>; outputs?: { parameters: Array<{ name: string; value?: string }> } } {
  return asCli(() => spec.setNodePatch(wf, selector, values, selectorText, now)) as { nodes: Record<string, Partial<NodeStatus>>; outputs?: { parameters: Array<{ name: string; value?: string }> } };
}
