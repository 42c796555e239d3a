/** The workflow list of one namespace, kept live by the workflow-events stream. */
import { PhaseBadge } from '../components/phase-badge';
import { useNow } from '../hooks/use-now';
import { useWorkflowList } from '../hooks/use-workflows';
import { elapsedSeconds, formatDuration } from '../model/duration';
import { isFinished } from '../model/phase';
import { routes } from '../model/urls';

function startedText(iso: string | null | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '-' : d.toLocaleString();
}

export function WorkflowList({ namespace }: { namespace: string }) {
  const { data, error, loading } = useWorkflowList(namespace);
  const running = data.some((w) => !isFinished(w.status?.phase));
  const now = useNow(running);
  return (
    <section aria-labelledby="list-title">
      <div class="page-head">
        <h1 id="list-title">Workflows <span class="muted">in {namespace}</span></h1>
        <a class="button button--primary" href={routes.submit()}>Submit new workflow</a>
      </div>
      {error && <p class="notice notice--error" role="alert">{error}</p>}
      {loading ? <p class="muted">Loading…</p> : data.length === 0 ? (
        <p class="muted">No workflows in {namespace} yet. <a href={routes.submit()}>Submit one.</a></p>
      ) : (
        <table class="wf-table">
          <caption class="sr-only">Workflows, newest first, updated live</caption>
          <thead>
            <tr><th class="col-phase">Phase</th><th>Name</th><th class="col-time">Started</th><th class="col-dur">Duration</th><th class="col-prog">Progress</th><th>Message</th></tr>
          </thead>
          <tbody>
            {data.map((w) => {
              const s = w.status ?? {};
              const name = w.metadata.name ?? '';
              const ns = w.metadata.namespace ?? namespace;
              return (
                <tr key={`${ns}/${name}`} data-workflow={name} data-phase={s.phase ?? 'Pending'}>
                  <td><PhaseBadge phase={w.spec?.suspend && s.phase === 'Running' ? 'Suspended' : s.phase} /></td>
                  <td class="ellipsis"><a href={routes.workflow(ns, name)}>{name}</a></td>
                  <td class="ellipsis">{startedText(s.startedAt)}</td>
                  <td>{formatDuration(elapsedSeconds(s.startedAt, s.finishedAt, now))}</td>
                  <td>{s.progress ?? '-'}</td>
                  <td class="ellipsis" title={s.message}>{s.message ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
