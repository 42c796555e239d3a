/**
 * Kubernetes Events on Workflows: the operator's own `event` actions and the
 * phase transitions the kube layer sees between the old and new status
 * (WorkflowRunning, WorkflowSucceeded, WorkflowFailed, WorkflowNode<Phase>).
 * Recording is best effort: a failed Event never fails a reconcile.
 */
import type { KubeApi } from './api.js';
import { errorMessage } from './errors.js';
import { Resources } from './resources.js';
import type { Workflow, WorkflowStatus } from '../operator/model.js';

export interface WorkflowEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

const COMPLETED = new Set(['Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted']);

/** Events implied by the change from `before` to `after`. Node events only for nodes whose phase changed. */
export function transitionEvents(before: WorkflowStatus | undefined, after: WorkflowStatus, nodeEvents = true): WorkflowEvent[] {
  const out: WorkflowEvent[] = [];
  const was = before?.phase ?? '';
  const now = after.phase ?? '';
  if (was !== now) {
    if (now === 'Running') out.push({ type: 'Normal', reason: 'WorkflowRunning', message: 'Workflow Running' });
    else if (now === 'Succeeded') out.push({ type: 'Normal', reason: 'WorkflowSucceeded', message: 'Workflow completed' });
    else if (now === 'Failed' || now === 'Error') out.push({ type: 'Warning', reason: 'WorkflowFailed', message: after.message || `Workflow ${now.toLowerCase()}` });
  }
  if (!nodeEvents) return out;
  const oldNodes = before?.nodes ?? {};
  for (const [id, n] of Object.entries(after.nodes ?? {})) {
    const phase = n.phase ?? '';
    if (oldNodes[id]?.phase === phase || (phase !== 'Running' && !COMPLETED.has(phase))) continue;
    const bad = phase === 'Failed' || phase === 'Error';
    out.push({
      type: bad ? 'Warning' : 'Normal',
      reason: `WorkflowNode${phase}`,
      message: `${phase} node ${n.name}${n.message ? `: ${n.message}` : ''}`,
    });
  }
  return out;
}

export class EventRecorder {
  private pending = new Set<Promise<void>>();
  private seq = 0;
  /** Events dropped because too many were in flight (a 10,000-node fan-out must not starve pod creation). */
  dropped = 0;

  constructor(
    private readonly api: KubeApi,
    private readonly component = 'workflow-controller',
    private readonly log?: (m: string) => void,
    private readonly maxPending = 64,
  ) {}

  record(wf: Workflow, ev: WorkflowEvent): void {
    if (this.pending.size >= this.maxPending) {
      if (this.dropped++ % 1000 === 0) this.log?.(`events: more than ${this.maxPending} in flight; dropping (${this.dropped} so far)`);
      return;
    }
    const ns = wf.metadata.namespace ?? 'default';
    const t = new Date().toISOString();
    const body = {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${wf.metadata.name}.${Date.now().toString(16)}${(this.seq++).toString(16)}`, namespace: ns },
      involvedObject: {
        apiVersion: wf.apiVersion ?? 'argoproj.io/v1alpha1', kind: 'Workflow', name: wf.metadata.name, namespace: ns,
        uid: wf.metadata.uid, resourceVersion: wf.metadata.resourceVersion,
      },
      reason: ev.reason, message: ev.message.slice(0, 1024), type: ev.type,
      source: { component: this.component }, reportingComponent: this.component,
      firstTimestamp: t, lastTimestamp: t, count: 1,
    };
    const p = this.api.create(Resources.events, ns, body)
      .then(() => undefined)
      .catch((e: unknown) => this.log?.(`event ${ev.reason} on ${ns}/${wf.metadata.name}: ${errorMessage(e)}`))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits for Events in flight (shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
