/**
 * The operator's view of variable substitution: a lazy lookup (so a DAG of
 * 10,000 tasks never builds a 10,000-entry scope per task) handed to the
 * template module, which also evaluates `{{=...}}` expressions by looking up
 * only the names an expression mentions.
 */
import type { ExprRuntime } from '@argo-ts/lang';
import { ABSENT, substitute, substituteString as substituteText } from '../template/index.js';

export { ABSENT };

/** Resolves a variable name (`inputs.parameters.x`, `tasks.a.outputs.result`) to a string, a raw item, ABSENT, or undefined. */
export type Lookup = (name: string) => unknown;

export interface SubstituteOptions {
  /** The operation's clock and randomness (`op.runtime`), for `{{=...}}` expressions. */
  runtime: ExprRuntime;
  /**
   * Fail on an unresolvable `inputs.`/`steps.`/`tasks.`/`item` tag (else it is
   * left for a later pass). Workflow-level and other tags stay verbatim even
   * then, as Argo leaves them (e.g. `{{workflow.scheduledTime}}` outside a
   * CronWorkflow).
   */
  strict?: boolean;
}

const MUST_RESOLVE = /^(inputs\.|steps\.|tasks\.|item$|item\.)/;

function lenient(lookup: Lookup): Lookup {
  return (name) => {
    const v = lookup(name);
    return v === undefined && !MUST_RESOLVE.test(name) ? `{{${name}}}` : v;
  };
}

export function substituteString(text: string, lookup: Lookup, opts: SubstituteOptions): string {
  if (!text.includes('{{')) return text;
  return substituteText(text, opts.strict ? lenient(lookup) : lookup, { runtime: opts.runtime, allowUnresolved: !opts.strict });
}

/** Substitutes every string inside `value`; the input is not modified. */
export function substituteDeep<T>(value: T, lookup: Lookup, opts: SubstituteOptions): T {
  return substitute(value, opts.strict ? lenient(lookup) : lookup, { runtime: opts.runtime, allowUnresolved: !opts.strict });
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
