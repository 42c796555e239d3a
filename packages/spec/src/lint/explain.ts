/** Why a `{{...}}` tag does not resolve where it is used, one explainer per variable family. */

export interface Site {
  templateName: string;
  /** Set in steps templates: every step name, and those of groups before the current one. */
  steps?: { all: Set<string>; earlier: Set<string> };
  /** Set in DAG templates: every task name, the current task and its ancestors. */
  dag?: { all: Set<string>; current: string; isAncestor: (name: string) => boolean };
  loops: boolean;
}

type Explainer = (rest: string, site: Site) => string;

function nodeReason(kind: 'step' | 'task', rest: string, site: Site): string {
  const name = rest.split('.')[0];
  if (kind === 'step') {
    if (!site.steps) return 'steps.* is only defined inside a steps template';
    if (!site.steps.all.has(name)) return `no step "${name}" in template "${site.templateName}"`;
    if (!site.steps.earlier.has(name)) return `step "${name}" has not run yet: only steps of earlier groups can be referenced`;
    return `step "${name}" has no such output: check the outputs of the template it calls`;
  }
  if (!site.dag) return 'tasks.* is only defined inside a DAG template';
  if (!site.dag.all.has(name)) return `no task "${name}" in this DAG`;
  if (name !== site.dag.current && !site.dag.isAncestor(name)) {
    return `task "${name}" is not a dependency of task "${site.dag.current}": add it to depends or dependencies`;
  }
  return `task "${name}" has no such output: check the outputs of the template it calls`;
}

function workflowReason(rest: string): string {
  if (rest.startsWith('parameters.')) return `workflow parameter "${rest.slice(11)}" is not declared in spec.arguments.parameters`;
  if (rest.startsWith('outputs.')) return `no output sets globalName "${rest.split('.').slice(2).join('.')}"`;
  if (rest === 'failures') return 'only defined in exit handlers and hooks';
  return 'unknown workflow variable';
}

const EXPLAINERS: Array<[string, Explainer]> = [
  ['steps.', (rest, site) => nodeReason('step', rest, site)],
  ['tasks.', (rest, site) => nodeReason('task', rest, site)],
  ['inputs.parameters.', (rest, site) => `template "${site.templateName}" has no input parameter "${rest.split('.')[0]}"`],
  ['inputs.artifacts.', (rest, site) => `template "${site.templateName}" has no input artifact "${rest.split('.')[0]}"`],
  ['inputs.', () => 'unknown inputs variable: use inputs.parameters.NAME or inputs.artifacts.NAME'],
  ['workflow.', (rest) => workflowReason(rest)],
  ['pod.', () => 'unknown pod variable: only pod.name exists'],
  ['item', (rest, site) => site.loops
    ? `no loop item has the key "${rest.replace(/^[.[]/, '')}"`
    : 'only defined in a step or task that loops (withItems, withParam or withSequence)'],
];

export function explain(tag: string, site: Site): string {
  for (const [prefix, fn] of EXPLAINERS) if (tag.startsWith(prefix)) return fn(tag.slice(prefix.length), site);
  return 'cannot be resolved here';
}
