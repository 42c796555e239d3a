import { isFulfilled } from '@argo-ts/spec';
/**
 * The text view of one workflow (`argo get`, and each frame of `argo
 * watch`): header lines in Argo's `%-20s %v` layout, then the node tree.
 * A pure function of the Workflow object and the clock.
 */
import type { NodeStatus, Parameter, Workflow, WorkflowStatus } from '../types.js';
import { colorize, type RenderStyle } from './icons.js';
import { displayStatus } from './list.js';
import { alignColumns } from './table.js';
import { argoTimestamp, longDuration, parseTime, relativeTime, secondsBetween } from './time.js';
import { resourcesDurationText, treeTable } from './tree.js';

export interface WorkflowViewOptions {
  style: RenderStyle;
  now: Date;
  wide?: boolean;
  /** `short`: the tree alone, with NODENAME (the header only when there is no tree). */
  short?: boolean;
  nodeFilter?: (node: NodeStatus) => boolean;
}

const line = (key: string, value: string) => `${key.padEnd(20)} ${value}`.trimEnd();

/** `done/total` over Pod nodes, unless the controller recorded progress. */
export function progressOf(wf: Workflow): string {
  if (typeof wf.status?.progress === 'string' && wf.status.progress) return wf.status.progress;
  const pods = Object.values(wf.status?.nodes ?? {}).filter((n) => n.type === 'Pod');
  const done = pods.filter((n) => isFulfilled(n.phase)).length;
  return `${done}/${pods.length}`;
}

function timeLine(key: string, value: string | undefined, now: Date): string | undefined {
  const t = parseTime(value);
  return t ? line(key, `${argoTimestamp(t)} (${relativeTime(t, now)})`) : undefined;
}

/** The title whenever there are parameters; a line for each that has a value. */
function paramLines(title: string, params: Parameter[] | undefined): string[] {
  if (!params || params.length === 0) return [];
  return [`${title}:`, ...params.filter((p) => p.value !== undefined && p.value !== null).map((p) => line(`  ${p.name}:`, String(p.value)))];
}

/** Argo marks two condition types with an icon; the others print with an empty one. */
const CONDITION_ICONS: Record<string, { utf8: string; word: string; color: number }> = {
  MetricsError: { utf8: '✖', word: 'Error', color: 31 },
  SpecWarning: { utf8: '⚠', word: 'Warning', color: 33 },
};

function conditionLines(conditions: WorkflowStatus['conditions'], style: RenderStyle): string[] {
  if (!conditions?.length) return [];
  return ['Conditions:', ...conditions.map((c) => {
    const icon = CONDITION_ICONS[c.type ?? ''];
    const mark = icon ? colorize(style.utf8 ? icon.utf8 : icon.word, icon.color, style) : '';
    // The message when there is one, else the condition's status.
    return line(`${mark} ${c.type ?? ''}`, c.message || (c.status ?? ''));
  })];
}

function serviceAccountText(wf: Workflow): string {
  const sa = wf.spec?.serviceAccountName as string | undefined;
  if (sa) return sa;
  // A workflow run from a template may get its account from the template.
  return wf.spec?.workflowTemplateRef ? 'unset' : 'unset (will run with the default ServiceAccount)';
}

export function headerLines(wf: Workflow, opts: WorkflowViewOptions): string[] {
  const st = wf.status ?? {};
  const out: Array<string | undefined> = [
    line('Name:', wf.metadata.name ?? ''),
    line('Namespace:', wf.metadata.namespace ?? ''),
    line('ServiceAccount:', serviceAccountText(wf)),
    line('Status:', displayStatus(wf)),
    st.message ? line('Message:', st.message) : undefined,
    ...conditionLines(st.conditions, opts.style),
  ];
  out.push(timeLine('Created:', wf.metadata.creationTimestamp, opts.now));
  out.push(timeLine('Started:', st.startedAt, opts.now));
  out.push(timeLine('Finished:', st.finishedAt, opts.now));
  const secs = secondsBetween(st.startedAt, st.finishedAt, opts.now);
  if (secs !== undefined) out.push(line('Duration:', longDuration(secs)));
  out.push(line('Progress:', progressOf(wf)));
  if (st.resourcesDuration && Object.keys(st.resourcesDuration).length) {
    out.push(line('ResourcesDuration:', resourcesDurationText(st.resourcesDuration)));
  }
  out.push(...paramLines('Parameters', wf.spec?.arguments?.parameters));
  out.push(...paramLines('Output Parameters', st.outputs?.parameters));
  const arts = st.outputs?.artifacts ?? [];
  if (arts.length) out.push('Output Artifacts:', ...arts.map((a) => line(`  ${String(a.name)}:`, String((a as any).s3?.key ?? (a as any).path ?? ''))));
  return out.filter((l): l is string => l !== undefined);
}

/** The whole view as lines (no trailing newline). */
export function renderWorkflow(wf: Workflow, opts: WorkflowViewOptions): string[] {
  const lines = headerLines(wf, opts);
  const table = treeTable(wf, { style: opts.style, now: opts.now, wide: opts.wide, short: opts.short, filter: opts.nodeFilter });
  if (table.length === 0) return lines;
  // Argo's -o short replaces the header with the tree rather than appending it.
  return opts.short ? alignColumns(table, 2) : [...lines, '', ...alignColumns(table, 2)];
}
