/** `-o name|json|yaml` printing shared by the commands that create or get objects. */
import type { KubeObject } from '../types.js';
import type { Io } from './io.js';
import { CliError } from '../errors.js';

export async function toYaml(value: unknown): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify(value, { lineWidth: 0 });
}

/** Prints objects in a machine format; returns false for formats the caller renders itself. */
export async function printMachine(io: Io, objs: KubeObject[], output: string | undefined, single: boolean): Promise<boolean> {
  switch (output) {
    case 'name':
      for (const o of objs) io.out(o.metadata.name ?? '');
      return true;
    case 'json':
      io.out(JSON.stringify(single && objs.length === 1 ? objs[0] : objs, null, 2));
      return true;
    case 'yaml':
      for (const [i, o] of objs.entries()) io.out((i > 0 ? '---\n' : '') + (await toYaml(o)));
      return true;
    default:
      return false;
  }
}

export function checkOutput(output: string | undefined, allowed: readonly string[]): void {
  if (output !== undefined && !allowed.includes(output)) {
    throw new CliError('usage', `--output ${output}: must be one of ${allowed.join('|')}`);
  }
}
