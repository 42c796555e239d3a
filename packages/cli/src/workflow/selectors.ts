/**
 * `--node-field-selector` (e.g. `inputs.parameters.tag.value=t1`,
 * `displayName=approve,phase!=Succeeded`) and `-p name=value` parsing.
 */
import { CliError } from '../errors.js';
import type { NodeStatus } from '../types.js';

export interface FieldRequirement { path: string; op: '=' | '!='; value: string }

export function parseFieldSelector(text: string, flag = '--node-field-selector'): FieldRequirement[] {
  if (!text.trim()) return [];
  return text.split(',').map((part) => {
    const m = /^\s*([A-Za-z0-9_.\-[\]]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw new CliError('usage', `${flag}: "${part}" is not key=value or key!=value`, { exitCode: 1 });
    return { path: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! };
  });
}

/** Reads a node field by dotted path; `inputs.parameters.NAME.value` looks the parameter up by name. */
export function nodeField(node: NodeStatus, path: string): string | undefined {
  const m = /^(inputs|outputs)\.parameters\.([^.]+)\.value$/.exec(path);
  if (m) return node[m[1] as 'inputs' | 'outputs']?.parameters?.find((p) => p.name === m[2])?.value;
  let cur: unknown = node;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === undefined || cur === null ? undefined : String(cur);
}

export function matchesNode(node: NodeStatus, reqs: FieldRequirement[]): boolean {
  return reqs.every((r) => {
    const v = nodeField(node, r.path);
    return r.op === '=' ? v === r.value : v !== r.value;
  });
}

/** `-p name=value` → [name, value]; the value may itself contain `=`. */
export function parseParameter(text: string): { name: string; value: string } {
  const i = text.indexOf('=');
  if (i <= 0) throw new CliError('usage', `-p ${text}: expected name=value`);
  return { name: text.slice(0, i), value: text.slice(i + 1) };
}

/** `-l a=b,c=d` → record; used for `--labels` overrides. */
export function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').filter((p) => p.trim())) {
    const i = part.indexOf('=');
    if (i <= 0) throw new CliError('usage', `--labels ${part}: expected key=value`);
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
