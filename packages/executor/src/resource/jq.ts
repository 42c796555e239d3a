/**
 * `valueFrom.jqFilter` of a resource template's output parameters. Argo pipes
 * the object (as `kubectl get -o json`) through jq with raw, compact output
 * and trims the result; jq-web is jq itself compiled to WebAssembly, so
 * filters mean here what they mean there.
 */
import { createRequire } from 'node:module';
import { ExecutorError } from '../errors.js';

interface Jq { raw(json: string, filter: string, flags?: string[]): string }

const require = createRequire(import.meta.url);
let loaded: Promise<Jq> | undefined;

/** jq-web exports a thenable that resolves once its WebAssembly module is compiled. */
const jq = (): Promise<Jq> => (loaded ??= Promise.resolve(require('jq-web') as PromiseLike<Jq>));

export async function jqFilter(obj: unknown, filter: string, where: string): Promise<string> {
  const engine = await jq();
  try {
    return engine.raw(JSON.stringify(obj ?? null), filter, ['-r', '-c']).trim();
  } catch (e) {
    // jq's own message ("jq: error: ... compile error") follows its exit-code line.
    const lines = String((e as Error).message ?? e).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('Non-zero exit code'));
    throw new ExecutorError('Resource', `${where}: valueFrom.jqFilter "${filter}": ${lines.join('; ') || 'jq failed'}`);
  }
}
