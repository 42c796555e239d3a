/** One workflow: header, actions, the live graph and the selected node's panel. */
import { useMemo, useState } from 'preact/hooks';
import { ActionBar } from '../components/action-bar';
import { GraphView } from '../components/graph-view';
import { NodePanel } from '../components/node-panel';
import { PhaseBadge } from '../components/phase-badge';
import { useNow } from '../hooks/use-now';
import { useWorkflow } from '../hooks/use-workflows';
import { isSuspended } from '../model/actions';
import { elapsedSeconds, formatDuration } from '../model/duration';
import { buildGraph } from '../model/graph';
import { layoutGraph, layoutKey, type GraphLayout } from '../model/layout';
import { isFinished } from '../model/phase';
import type { NodeMap } from '../model/types';
import { routes } from '../model/urls';

/** Lays out again only when the graph's shape changes; a phase change recolours in place. */
function useLayout(name: string, nodes: NodeMap | undefined, expanded: ReadonlySet<string>): GraphLayout {
  const graph = useMemo(() => buildGraph(name, nodes, expanded), [name, nodes, expanded]);
  const key = layoutKey(graph);
  const positions = useMemo(() => layoutGraph(graph), [key]);
  return useMemo(() => {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    return { ...positions, nodes: positions.nodes.map((p) => ({ ...p, ...byId.get(p.id)! })) };
  }, [positions, graph]);
}

export function WorkflowPage({ namespace, name, node }: { namespace: string; name: string; node?: string }) {
  const { data: wf, error, loading } = useWorkflow(namespace, name);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const layout = useLayout(name, wf?.status?.nodes, expanded);
  const now = useNow(!isFinished(wf?.status?.phase));
  const select = (id?: string) => { location.hash = routes.workflow(namespace, name, id); };
  if (loading && !wf) return <p class="muted">Loading {name}…</p>;
  if (!wf) return <p class="notice notice--error" role="alert">{error ?? `Workflow ${name} not found.`}</p>;
  const s = wf.status ?? {};
  const selected = node ? s.nodes?.[node] : undefined;
  const phase = isSuspended(wf) && s.phase === 'Running' ? 'Suspended' : s.phase;
  return (
    <section class="wf" aria-labelledby="wf-title" data-workflow={name} data-phase={s.phase ?? 'Pending'}>
      <div class="page-head">
        <div>
          <p class="crumbs"><a href={routes.list()}>Workflows</a> / {namespace}</p>
          <h1 id="wf-title">{name}</h1>
        </div>
        <dl class="wf-facts">
          <div><dt>Phase</dt><dd><PhaseBadge phase={phase} /></dd></div>
          <div><dt>Duration</dt><dd>{formatDuration(elapsedSeconds(s.startedAt, s.finishedAt, now))}</dd></div>
          <div><dt>Progress</dt><dd>{s.progress ?? '-'}</dd></div>
        </dl>
      </div>
      {s.message && <p class="notice" data-wf-message>{s.message}</p>}
      {error && <p class="notice notice--error" role="alert">{error}</p>}
      <ActionBar workflow={wf} />
      <div class={`wf-body${selected ? ' wf-body--panel' : ''}`}>
        <div class="wf-graph">
          <div class="graph-tools">
            <span class="muted">{layout.nodes.filter((n) => n.kind !== 'collapsed').length} nodes shown</span>
            {expanded.size === 0 ? <button type="button" class="button button--small" onClick={() => setExpanded(new Set(['*']))}>Expand all</button>
              : <button type="button" class="button button--small" onClick={() => setExpanded(new Set())}>Collapse</button>}
          </div>
          {layout.nodes.length === 0 ? <p class="muted">No nodes yet: the controller has not started this workflow.</p>
            : <GraphView layout={layout} selected={node} onSelect={select} onExpand={(p) => setExpanded(new Set([...expanded, p]))} />}
        </div>
        {selected && <NodePanel workflow={wf} node={selected} onClose={() => select(undefined)} />}
      </div>
    </section>
  );
}
