/**
 * The variables a template may reference, as exact names plus prefixes
 * (a prefix admits every name under it, e.g. `workflow.labels.` or all
 * outputs of a step whose template could not be resolved).
 */
import type { Resolution } from './context.js';
import { asObj, asStr, named, templateType, type Obj } from './model.js';

export class Scope {
  private readonly names = new Set<string>();
  private readonly prefixes: string[] = [];
  private readonly resolvers: Array<[string, (tag: string) => boolean]> = [];

  constructor(private readonly parent?: Scope) {}

  add(...names: string[]): this {
    for (const n of names) this.names.add(n);
    return this;
  }

  addPrefix(prefix: string): this {
    this.prefixes.push(prefix);
    return this;
  }

  /** Names under `prefix` are decided by `resolve`, computed on demand (e.g. a DAG task's ancestors). */
  addResolver(prefix: string, resolve: (tag: string) => boolean): this {
    this.resolvers.push([prefix, resolve]);
    return this;
  }

  has(tag: string): boolean {
    if (this.names.has(tag)) return true;
    if (this.prefixes.some((p) => tag.startsWith(p))) return true;
    if (this.resolvers.some(([p, resolve]) => tag.startsWith(p) && resolve(tag))) return true;
    return this.parent?.has(tag) ?? false;
  }

  child(): Scope {
    return new Scope(this);
  }
}

/** Node fields every step or task exposes to those that run after it. */
const NODE_FIELDS = ['id', 'ip', 'status', 'exitCode', 'startedAt', 'finishedAt', 'hostNodeName', 'outputs.parameters'];

/** Template types that produce no `outputs.result`. */
const NO_RESULT = new Set(['steps', 'dag', 'suspend']);

/** Adds what `steps.NAME` or `tasks.NAME` (the `prefix`) exposes once the call has run. */
export function addCallOutputs(scope: Scope, prefix: string, res: Resolution): void {
  if (!res.ok) {
    scope.addPrefix(`${prefix}.`);
    return;
  }
  const tmpl = res.resolved.template;
  for (const f of NODE_FIELDS) scope.add(`${prefix}.${f}`);
  const outputs = asObj(tmpl.outputs);
  for (const { name } of named(outputs?.parameters)) scope.add(`${prefix}.outputs.parameters.${name}`);
  for (const { name } of named(outputs?.artifacts)) scope.addPrefix(`${prefix}.outputs.artifacts.${name}`);
  const type = templateType(tmpl);
  if (type === undefined || !NO_RESULT.has(type)) scope.add(`${prefix}.outputs.result`);
}

/** `inputs.*` of a template, and the names always available inside one. */
export function templateScope(parent: Scope, tmpl: Obj): Scope {
  const scope = parent.child();
  const inputs = asObj(tmpl.inputs);
  const params = named(inputs?.parameters);
  for (const { name } of params) scope.add(`inputs.parameters.${name}`);
  if (params.length > 0) scope.add('inputs.parameters');
  for (const { name } of named(inputs?.artifacts)) scope.add(`inputs.artifacts.${name}`).addPrefix(`inputs.artifacts.${name}.`);
  // Self references (metrics, output paths) and the node's own names resolve at run time.
  scope.addPrefix('outputs.').add('pod.name', 'steps.name', 'tasks.name', 'node.name');
  return scope;
}

/** `item` and `item.<key>` for a looping step or task. */
export function addLoopItems(scope: Scope, holder: Obj): void {
  const items = Array.isArray(holder.withItems) ? holder.withItems : [];
  if (items.length > 0) {
    scope.add('item');
    for (const it of items) {
      if (Array.isArray(it)) scope.addPrefix('item.[').addPrefix('item[');
      const map = asObj(it);
      for (const key of Object.keys(map ?? {})) scope.add(`item.${key}`).addPrefix(`item.${key}.`);
    }
  } else if ((asStr(holder.withParam) ?? '') !== '') {
    // The list is only known at run time.
    scope.add('item').addPrefix('item.').addPrefix('item[');
  } else if (asObj(holder.withSequence)) {
    scope.add('item');
  }
}
