/**
 * The variables visible to a template: a flat map from Argo's dotted names
 * (`inputs.parameters.x`, `steps.a.outputs.result`, `item`) to values. Simple
 * tags look names up directly; expressions see the same map expanded into
 * nested objects (`inputs.parameters['x']`).
 */

/** Flat variable map. Values are strings, except `item` (the raw loop item) and artifacts (objects). */
export type Scope = Record<string, unknown>;

/**
 * The value of an output whose producer was Skipped/Omitted and that has no
 * default: referencing it in text is an error ("absent optional"), while an
 * expression sees nil (so `x ?? 'fallback'` works).
 */
export const ABSENT: unique symbol = Symbol('absent optional');

/** First segments that Argo resolves itself; any other `{{tag}}` is user text left verbatim. */
export const ARGO_PREFIXES: ReadonlySet<string> = new Set([
  'item', 'steps', 'inputs', 'outputs', 'workflow', 'tasks', 'pod', 'node', 'retries', 'lastRetry', 'cronworkflow',
]);

/**
 * Names that only exist at some point of the run (a loop iteration, a retry, an
 * exit handler, a step that has not finished): callers substituting early pass
 * `allowUnresolved` so that these survive for a later pass.
 */
export const LATE_BINDING_PREFIXES = ['item', 'retries', 'lastRetry.', 'workflow.status', 'workflow.failures', 'steps.', 'tasks.'] as const;

export function isArgoTag(name: string): boolean {
  const dot = name.indexOf('.');
  return ARGO_PREFIXES.has(dot < 0 ? name : name.slice(0, dot));
}

export function isLateBinding(name: string): boolean {
  return LATE_BINDING_PREFIXES.some((p) => name === p || name.startsWith(p) || name.startsWith(`${p}.`));
}

/** Merges scopes left to right (later wins). */
export function mergeScopes(...scopes: Scope[]): Scope {
  return Object.assign({}, ...scopes);
}

/**
 * Keys whose string value must stay a string in expressions even though
 * sub-keys exist (`workflow.creationTimestamp` vs `workflow.creationTimestamp.Y`).
 */
const LEAF_PREFERRED = new Set(['workflow.creationTimestamp']);

/**
 * Expands a flat scope into nested maps for expr-lang. Shorter names are placed
 * first; a longer name under a string (e.g. `inputs.parameters.x` under the
 * JSON string `inputs.parameters`) replaces that string with a map, and an
 * existing value (e.g. a map `item`) is never overwritten by its stringified
 * sub-keys. ABSENT becomes nil.
 */
export function expandScope(scope: Scope): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const owned = new WeakSet<object>([root]);
  const keys = Object.keys(scope).sort((a, b) => depth(a) - depth(b));
  for (const key of keys) {
    const value = scope[key] === ABSENT ? null : scope[key];
    const parts = key.split('.');
    let node = root;
    let path = '';
    let ok = true;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      path = path ? `${path}.${part}` : part;
      let next = node[part];
      if (isPlainObject(next)) {
        if (!owned.has(next)) { next = { ...next }; node[part] = next; owned.add(next as object); }
      } else {
        if (next !== undefined && LEAF_PREFERRED.has(path)) { ok = false; break; }
        next = {};
        owned.add(next as object);
        node[part] = next;
      }
      node = next as Record<string, unknown>;
    }
    const leaf = parts[parts.length - 1]!;
    if (ok && node[leaf] === undefined) node[leaf] = value;
  }
  return root;
}

function depth(key: string): number {
  let n = 0;
  for (const c of key) if (c === '.') n++;
  return n;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
