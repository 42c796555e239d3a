/**
 * `spec.workflowMetadata` (also from a referenced WorkflowTemplate): labels and annotations the
 * workflow gets when it runs, and `labelsFrom` labels computed from expressions over the
 * workflow's variables, as Argo's updateWorkflowMetadata does on every operate. A bad expression
 * errors the workflow.
 */
import type { WorkflowSpec } from './model.js';
import { evaluateExpression, parseExpression } from '@argo-ts/lang';
import { envFromLookup } from '../template/index.js';
import { OperatorError } from './types.js';
import type { Operation } from './state.js';

export interface WorkflowMeta { labels: Record<string, string>; annotations: Record<string, string> }

export function workflowMetadata(op: Operation, spec: WorkflowSpec): WorkflowMeta | undefined {
  const md = spec.workflowMetadata;
  if (!md) return undefined;
  const labels: Record<string, string> = { ...md.labels };
  for (const [name, from] of Object.entries(md.labelsFrom ?? {})) {
    let v: unknown;
    try {
      const tree = parseExpression(from.expression);
      v = evaluateExpression(tree, envFromLookup(tree, op.globals), op.runtime);
    } catch (e) {
      throw new OperatorError('InvalidExpression', `failed to evaluate label "${name}" expression "${from.expression}": ${(e as Error).message}`);
    }
    if (typeof v !== 'string') throw new OperatorError('InvalidExpression', `label "${name}" expression "${from.expression}" must return a string, got ${JSON.stringify(v)}`);
    labels[name] = v;
  }
  return { labels, annotations: { ...md.annotations } };
}
