/** Details of one node: summary, inputs, outputs (artifacts downloadable), and its pod's log. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useNow } from '../hooks/use-now';
import { elapsedSeconds, formatDuration } from '../model/duration';
import { isFinished, nodeDisplayPhase } from '../model/phase';
import { podName } from '../model/pod-name';
import type { Artifact, NodeStatus, Parameter, Workflow } from '../model/types';
import { artifactUrl } from '../model/urls';
import { LogView } from './log-view';
import { PhaseBadge } from './phase-badge';

interface Props { workflow: Workflow; node: NodeStatus; onClose(): void }

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return <><dt>{label}</dt><dd>{children}</dd></>;
}

function timeText(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '-';
}

function Parameters({ params }: { params: Parameter[] | undefined }) {
  if (!params?.length) return null;
  return (
    <table class="kv">
      <caption class="sr-only">Parameters</caption>
      <tbody>{params.map((p) => <tr key={p.name}><th scope="row">{p.name}</th><td><code>{p.value ?? p.default ?? ''}</code></td></tr>)}</tbody>
    </table>
  );
}

function Artifacts({ list, href }: { list: Artifact[] | undefined; href(a: Artifact): string }) {
  if (!list?.length) return null;
  return (
    <ul class="artifacts">
      {list.map((a) => (
        <li key={a.name}>
          <a href={href(a)} download data-artifact={a.name}>{a.name}</a>
          {a.path && <span class="muted"> {a.path}</span>}
        </li>
      ))}
    </ul>
  );
}

export function NodePanel({ workflow, node, onClose }: Props) {
  const ns = workflow.metadata.namespace ?? 'default';
  const wfName = workflow.metadata.name ?? '';
  const phase = nodeDisplayPhase(node);
  const now = useNow(!isFinished(node.phase));
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves into the panel when another node is opened, so keyboard users land on it.
  useEffect(() => heading.current?.focus(), [node.id]);
  const pod = node.type === 'Pod' ? podName(workflow, node) : undefined;
  const outputs = node.outputs;
  const hasInputs = Boolean(node.inputs?.parameters?.length || node.inputs?.artifacts?.length);
  const hasOutputs = Boolean(outputs?.parameters?.length || outputs?.artifacts?.length || outputs?.result !== undefined || outputs?.exitCode !== undefined);
  return (
    <aside class="panel" aria-labelledby="panel-title" data-node-id={node.id}
      onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <div class="panel__head">
        <h2 id="panel-title" ref={heading} tabIndex={-1}>{node.displayName || node.name}</h2>
        <button type="button" class="button" onClick={onClose} aria-label="Close node details">Close</button>
      </div>
      <dl class="summary">
        <Row label="Phase"><PhaseBadge phase={phase} /></Row>
        <Row label="Type">{node.type}</Row>
        <Row label="Name"><code>{node.name}</code></Row>
        <Row label="ID"><code>{node.id}</code></Row>
        {(node.templateName || node.templateRef) && <Row label="Template">{node.templateName ?? `${node.templateRef?.name}/${node.templateRef?.template}`}</Row>}
        {pod && <Row label="Pod"><code>{pod}</code></Row>}
        <Row label="Started">{timeText(node.startedAt)}</Row>
        <Row label="Finished">{timeText(node.finishedAt)}</Row>
        <Row label="Duration">{formatDuration(elapsedSeconds(node.startedAt, node.finishedAt, now))}</Row>
        {node.message && <Row label="Message"><span class="node-message">{node.message}</span></Row>}
      </dl>
      {hasInputs && (
        <section aria-label="Inputs">
          <h3>Inputs</h3>
          <Parameters params={node.inputs?.parameters} />
          <Artifacts list={node.inputs?.artifacts} href={(a) => artifactUrl(ns, wfName, node.id, a.name, 'inputs')} />
        </section>
      )}
      {hasOutputs && (
        <section aria-label="Outputs">
          <h3>Outputs</h3>
          {outputs?.result !== undefined && <p>Result: <code>{outputs.result}</code></p>}
          {outputs?.exitCode !== undefined && <p>Exit code: <code>{outputs.exitCode}</code></p>}
          <Parameters params={outputs?.parameters} />
          <Artifacts list={outputs?.artifacts} href={(a) => artifactUrl(ns, wfName, node.id, a.name, 'outputs')} />
        </section>
      )}
      {pod && (
        <section aria-label="Logs">
          <h3>Logs</h3>
          {node.phase === 'Pending' && !node.startedAt ? <p class="muted">The pod has not started yet.</p>
            : <LogView namespace={ns} workflow={wfName} pod={pod} live={!isFinished(node.phase)} />}
        </section>
      )}
    </aside>
  );
}
