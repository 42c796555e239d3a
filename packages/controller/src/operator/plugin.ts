/**
 * Plugin templates (`plugin: {<name>: ...}`). argo-ts has no executor
 * plugins, so such a node fails at once with the reason, instead of waiting
 * for an agent that will never come.
 */
import { nodeBase, type KindRun } from './execute.js';
import type { NodeStatus } from './model.js';
import type { Operation } from './state.js';

export function pluginKind(op: Operation, run: KindRun): NodeStatus {
  const id = op.id(run.nodeName);
  const existing = op.byId(id);
  if (existing) return existing;
  const name = Object.keys(run.tmpl.plugin ?? {})[0] ?? '';
  const message = `plugin templates are not supported: no executor plugin named "${name}" is installed`;
  return op.create({ ...nodeBase(op, run, 'Plugin', 'Failed'), id, message });
}
