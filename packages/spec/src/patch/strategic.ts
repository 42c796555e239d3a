/**
 * Strategic merge patch for the built-in types (pods, configmaps, secrets,
 * services, PVCs, events, namespaces, leases, service accounts). One
 * implementation shared by the local API server (PATCH requests) and the
 * controller (`podSpecPatch`), so both merge lists by Kubernetes'
 * patchMergeKey (volumeMounts by mountPath, container ports by containerPort).
 * Lists merge by the merge key Kubernetes declares for them; lists without
 * one are replaced. Directives: `$patch: replace|delete` (maps and list
 * elements), `$setElementOrder/<list>`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<list>`.
 */

/** A patch body the merge cannot apply; permanent (the same body always fails). */
export class StrategicMergeError extends Error {
  readonly code = 'InvalidPatch';
  readonly transient = false;
  constructor(message: string) {
    super(message);
    this.name = 'StrategicMergeError';
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

type ListStrategy = { mergeKey: string } | 'primitive-merge' | undefined;

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Merge keys by list field name; `ports` depends on where it sits. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ownerReferences: 'uid',
  conditions: 'type',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  ephemeralContainerStatuses: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  podIPs: 'ip',
  hostIPs: 'ip',
  secrets: 'name',
};

const PRIMITIVE_MERGE = new Set(['finalizers']);

/** `path` is the chain of field names from the root (array positions omitted). */
function listStrategy(path: string[]): ListStrategy {
  const field = path[path.length - 1]!;
  if (field === 'ports') {
    return path.some((p) => CONTAINER_LISTS.has(p)) ? { mergeKey: 'containerPort' } : { mergeKey: 'port' };
  }
  if (PRIMITIVE_MERGE.has(field)) return 'primitive-merge';
  const key = MERGE_KEYS[field];
  return key ? { mergeKey: key } : undefined;
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((e) => !(isPlainObject(e) && e.$patch !== undefined && Object.keys(e).length === 1)).map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

function reorder(list: unknown[], order: unknown[], strategy: ListStrategy): unknown[] {
  const keyOf = (e: unknown): unknown => (strategy && strategy !== 'primitive-merge' && isPlainObject(e) ? e[strategy.mergeKey] : e);
  const remaining = [...list];
  const out: unknown[] = [];
  for (const o of order) {
    const want = keyOf(o);
    const i = remaining.findIndex((e) => keyOf(e) === want);
    if (i >= 0) out.push(...remaining.splice(i, 1));
  }
  return [...out, ...remaining];
}

function mergeList(orig: unknown, patch: unknown[], path: string[]): unknown[] {
  if (patch.some((e) => isPlainObject(e) && e.$patch === 'replace')) return stripDirectives(patch) as unknown[];
  const strategy = listStrategy(path);
  const base = Array.isArray(orig) ? [...orig] : [];
  if (strategy === undefined) return stripDirectives(patch) as unknown[];
  if (strategy === 'primitive-merge') {
    for (const p of patch) if (!base.includes(p)) base.push(p);
    return base;
  }
  const key = strategy.mergeKey;
  for (const p of patch) {
    if (!isPlainObject(p)) throw new StrategicMergeError(`strategic merge patch: elements of ${path.join('.')} must be objects with "${key}"`);
    const idx = base.findIndex((e) => isPlainObject(e) && e[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) base.splice(idx, 1);
      continue;
    }
    if (idx >= 0) base[idx] = mergeMap(base[idx] as Record<string, unknown>, p, path);
    else base.push(mergeMap({}, p, path));
  }
  return base;
}

function mergeMap(orig: Record<string, unknown>, patch: Record<string, unknown>, path: string[]): Record<string, unknown> {
  if (patch.$patch === 'replace') return stripDirectives(patch) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...orig };
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = (out[field] as unknown[]).filter((x) => !v.includes(x));
      continue;
    }
    if (k.startsWith('$')) continue;
    const child = [...path, k];
    if (v === null) delete out[k];
    else if (isPlainObject(v)) {
      if (v.$patch === 'delete') delete out[k];
      else out[k] = mergeMap(isPlainObject(out[k]) ? (out[k] as Record<string, unknown>) : {}, v, child);
    } else if (Array.isArray(v)) out[k] = mergeList(out[k], v, child);
    else out[k] = v;
  }
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith('$setElementOrder/') || !Array.isArray(v)) continue;
    const field = k.slice('$setElementOrder/'.length);
    if (Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], v, listStrategy([...path, field]));
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  return out;
}

/** Applies a strategic merge patch to `target` (not mutated). */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) throw new StrategicMergeError('strategic merge patch: body must be a JSON object');
  return mergeMap(isPlainObject(target) ? target : {}, patch, []);
}
