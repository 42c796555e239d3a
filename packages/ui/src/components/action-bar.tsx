/** Retry, resubmit, suspend, resume, stop and terminate, enabled as Argo's UI enables them. */
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { ACTIONS, availableActions, CONFIRM, type WorkflowAction } from '../model/actions';
import type { Workflow } from '../model/types';
import { routes } from '../model/urls';

const LABEL: Record<WorkflowAction, string> = {
  retry: 'Retry', resubmit: 'Resubmit', suspend: 'Suspend', resume: 'Resume', stop: 'Stop', terminate: 'Terminate',
};

export function ActionBar({ workflow }: { workflow: Workflow }) {
  const [busy, setBusy] = useState<WorkflowAction>();
  const [status, setStatus] = useState<{ error: boolean; text: string }>();
  const enabled = availableActions(workflow);
  const ns = workflow.metadata.namespace ?? 'default';
  const name = workflow.metadata.name ?? '';
  const run = async (a: WorkflowAction) => {
    const question = CONFIRM[a];
    if (question && !window.confirm(question)) return;
    setBusy(a);
    setStatus(undefined);
    try {
      const res = await api.action(ns, name, a);
      setStatus({ error: false, text: `${LABEL[a]}: done.` });
      // Resubmit makes a new workflow: go to it.
      if (a === 'resubmit' && res.metadata?.name) location.hash = routes.workflow(res.metadata.namespace ?? ns, res.metadata.name);
    } catch (e) {
      setStatus({ error: true, text: `${LABEL[a]} failed: ${(e as Error).message}` });
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div class="actions" role="toolbar" aria-label="Workflow actions">
      {ACTIONS.map((a) => (
        <button key={a} type="button" class={`button${a === 'terminate' || a === 'stop' ? ' button--danger' : ''}`} data-action={a}
          disabled={!enabled[a] || busy !== undefined} onClick={() => void run(a)}>
          {busy === a ? `${LABEL[a]}…` : LABEL[a]}
        </button>
      ))}
      <span class={status?.error ? 'notice notice--error' : 'muted'} role="status">{status?.text ?? ''}</span>
    </div>
  );
}
