/** Node field selectors (`displayName=approve,phase!=Succeeded`, `inputs.parameters.tag.value=t1`). */
import { WorkflowActionError, type ApiNodeStatus } from './types.js';

export interface FieldRequirement { path: string; op: '=' | '!='; value: string }

export function parseNodeFieldSelector(text: string, flag = '--node-field-selector'): FieldRequirement[] {
  if (!text.trim()) return [];
  return text.split(',').map((part) => {
    const m = /^\s*([A-Za-z0-9_.\-[\]]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw new WorkflowActionError('usage', `${flag}: "${part}" is not key=value or key!=value`);
    return { path: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! };
  });
}

/** Reads a node field by dotted path; `inputs.parameters.NAME.value` looks the parameter up by name. */
export function nodeField(node: ApiNodeStatus, path: string): string | undefined {
  const m = /^(inputs|outputs)\.parameters\.([^.]+)\.value$/.exec(path);
  if (m) return node[m[1] as 'inputs' | 'outputs']?.parameters?.find((p) => p.name === m[2])?.value;
  let cur: unknown = node;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === undefined || cur === null ? undefined : String(cur);
}

export function matchesNode(node: ApiNodeStatus, reqs: FieldRequirement[]): boolean {
  return reqs.every((r) => {
    const v = nodeField(node, r.path);
    return r.op === '=' ? v === r.value : v !== r.value;
  });
}
