/**
 * The one catalog of `workflow.*` variables: the names the lint accepts and
 * the values the operator substitutes come from this file, and a test checks
 * that every listed name resolves, so the two cannot drift apart again.
 * Inputs are plain values (lang imports no schema): the operator passes what
 * it has resolved (parameters after valueFrom, global outputs, its `now`).
 */
import { STRFTIME } from '../time/strftime.js';

/** The annotation a CronWorkflow sets on the workflows it starts; `workflow.scheduledTime` reads it. */
export const SCHEDULED_TIME_ANNOTATION = 'workflows.argoproj.io/scheduled-time';

/** Names valid in every template of a workflow. */
export const WORKFLOW_VARIABLES = [
  'workflow.name', 'workflow.namespace', 'workflow.uid', 'workflow.serviceAccountName', 'workflow.mainEntrypoint',
  'workflow.priority', 'workflow.scheduledTime', 'workflow.parameters', 'workflow.parameters.json',
  'workflow.annotations', 'workflow.annotations.json', 'workflow.labels', 'workflow.labels.json', 'workflow.duration',
  'workflow.creationTimestamp', 'workflow.creationTimestamp.RFC3339',
  // The current phase while running (Running), the final one in exit handlers: valid everywhere.
  'workflow.status',
] as const;

/** Prefixes whose every name is valid (a label, an annotation, a strftime letter). */
export const WORKFLOW_PREFIXES = ['workflow.annotations.', 'workflow.labels.', 'workflow.creationTimestamp.'] as const;

/** Only exit handlers and hooks see the list of failed nodes. */
export const LIFECYCLE_VARIABLES = ['workflow.failures'] as const;

export interface WorkflowFacts {
  name: string;
  namespace: string;
  uid: string;
  entrypoint: string;
  serviceAccountName: string;
  priority: number;
  /** RFC 3339. */
  creationTimestamp: string;
  /** RFC 3339; `workflow.duration` counts from here. */
  startedAt: string;
  now: Date;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Workflow parameters, resolved (a missing value stays out of `workflow.parameters.<name>`). */
  parameters: ReadonlyArray<{ name: string; value?: string | undefined }>;
  /** Values the operator sets as it goes: `workflow.status`, and `workflow.failures` in exit handlers. */
  runtime?: Readonly<Record<string, string>>;
  /** `workflow.outputs.parameters.<name>` exported so far. */
  outputParameter?: (name: string) => string | undefined;
}

/** A lookup for `workflow.*`: a string (or a map for labels/annotations), undefined when unknown. */
export function workflowLookup(f: WorkflowFacts): (name: string) => unknown {
  const params: Record<string, string | undefined> = Object.fromEntries(f.parameters.map((p) => [p.name, p.value]));
  const paramsJson = JSON.stringify(f.parameters.map((p) => ({ name: p.name, value: p.value })));
  const scheduled = f.annotations[SCHEDULED_TIME_ANNOTATION];
  const fixed: Record<string, unknown> = {
    'workflow.name': f.name,
    'workflow.namespace': f.namespace,
    'workflow.uid': f.uid,
    'workflow.mainEntrypoint': f.entrypoint,
    'workflow.serviceAccountName': f.serviceAccountName,
    'workflow.creationTimestamp': f.creationTimestamp,
    'workflow.creationTimestamp.RFC3339': f.creationTimestamp,
    'workflow.priority': String(f.priority),
    'workflow.parameters': paramsJson,
    'workflow.parameters.json': paramsJson,
    'workflow.labels': f.labels,
    'workflow.labels.json': JSON.stringify(f.labels),
    'workflow.annotations': f.annotations,
    'workflow.annotations.json': JSON.stringify(f.annotations),
  };
  if (scheduled !== undefined) fixed['workflow.scheduledTime'] = scheduled;
  return (name) => {
    if (f.runtime && Object.hasOwn(f.runtime, name)) return f.runtime[name];
    if (Object.hasOwn(fixed, name)) return fixed[name];
    if (name.startsWith('workflow.parameters.')) return params[name.slice(20)];
    if (name.startsWith('workflow.labels.')) return f.labels[name.slice(16)];
    if (name.startsWith('workflow.annotations.')) return f.annotations[name.slice(21)];
    if (name.startsWith('workflow.outputs.parameters.')) return f.outputParameter?.(name.slice(28));
    if (name === 'workflow.duration') return String((f.now.getTime() - Date.parse(f.startedAt)) / 1000);
    if (name.startsWith('workflow.creationTimestamp.')) return STRFTIME[name.slice(27)]?.(new Date(f.creationTimestamp));
    return undefined;
  };
}
