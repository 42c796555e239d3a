/**
 * The operator's view of variable substitution: a lazy lookup (so a DAG of
 * 10,000 tasks never builds a 10,000-entry scope per task) and a walk over the
 * string fields of a value. This is the seam to the template module
 * (`../template/`): when that module lands, these functions delegate to it.
 */
import { OperatorError } from './types.js';

/** Resolves a variable name (`inputs.parameters.x`, `tasks.a.outputs.result`) or undefined. */
export type Lookup = (name: string) => string | undefined;

/** Prefixes Argo resolves; other tags (`{{custom.var}}`) stay verbatim. */
const ARGO_PREFIXES = ['item', 'steps.', 'inputs.', 'outputs.', 'workflow.', 'tasks.', 'pod.name', 'node.name', 'retries', 'lastRetry.', 'cronworkflow.'];
/** Unresolvable tags with these prefixes are errors once they must be resolved. */
const MUST_RESOLVE = ['steps.', 'tasks.', 'inputs.parameters.', 'item'];

const TAG = /\{\{\s*(=?)([^{}]*?)\s*\}\}/g;

function isArgoName(name: string): boolean {
  return ARGO_PREFIXES.some((p) => name === p || name.startsWith(p));
}

export interface SubstituteOptions {
  /** Fail on unresolvable `steps.`/`tasks.`/`inputs.parameters.`/`item` tags instead of leaving them. */
  strict?: boolean;
  /** Evaluates `{{=expr}}`; when absent expression tags are left for a later pass. */
  evalExpression?: (expr: string, lookup: Lookup) => string | undefined;
}

export function substituteString(text: string, lookup: Lookup, opts: SubstituteOptions = {}): string {
  if (!text.includes('{{')) return text;
  return text.replace(TAG, (whole, eq: string, name: string) => {
    if (eq) {
      const v = opts.evalExpression?.(name, lookup);
      return v ?? whole;
    }
    if (!isArgoName(name)) return whole;
    const v = lookup(name);
    if (v !== undefined) return v;
    if (opts.strict && MUST_RESOLVE.some((p) => name === p || name.startsWith(p))) {
      throw new OperatorError('UnresolvedVariable', `failed to resolve {{${name}}}`);
    }
    return whole;
  });
}

/** Substitutes every string inside `value` (objects and arrays are copied, others kept). */
export function substituteDeep<T>(value: T, lookup: Lookup, opts: SubstituteOptions = {}): T {
  if (typeof value === 'string') return substituteString(value, lookup, opts) as T;
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, lookup, opts)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteDeep(v, lookup, opts);
    return out as T;
  }
  return value;
}

/** Chains lookups: the first one that knows the name wins. */
export function chain(...lookups: (Lookup | undefined)[]): Lookup {
  const ls = lookups.filter((l): l is Lookup => !!l);
  return (name) => {
    for (const l of ls) {
      const v = l(name);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

export function mapLookup(values: Record<string, string | undefined>): Lookup {
  return (name) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined);
}
