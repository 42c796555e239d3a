/**
 * `--node-field-selector` (e.g. `inputs.parameters.tag.value=t1`,
 * `displayName=approve,phase!=Succeeded`) and `-p name=value` parsing.
 */
import { CliError } from '../errors.js';
import { parseNodeFieldSelector, WorkflowActionError, type FieldRequirement } from '@argo-ts/spec';

export { nodeField, matchesNode, type FieldRequirement } from '@argo-ts/spec';

export function parseFieldSelector(text: string, flag = '--node-field-selector'): FieldRequirement[] {
  try {
    return parseNodeFieldSelector(text, flag);
  } catch (e) {
    if (e instanceof WorkflowActionError) throw new CliError('usage', e.message, { exitCode: 1 });
    throw e;
  }
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
