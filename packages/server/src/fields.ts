/**
 * Argo's `fields` query parameter: `metadata,items.metadata.name,items.status.phase`
 * keeps only those paths, `-items.status.nodes` drops them. Arrays are walked
 * through: `items.metadata.name` applies to every item.
 */
type Json = unknown;

export function applyFields<T>(value: T, fields: string | undefined): T {
  const spec = (fields ?? '').trim();
  if (!spec) return value;
  if (spec.startsWith('-')) {
    let out: Json = value;
    for (const p of spec.slice(1).split(',').map((s) => s.trim()).filter(Boolean)) out = drop(out, p.split('.'));
    return out as T;
  }
  const paths = spec.split(',').map((s) => s.trim()).filter(Boolean).map((p) => p.split('.'));
  return keep(value, paths) as T;
}

function keep(value: Json, paths: string[][]): Json {
  if (paths.some((p) => p.length === 0)) return value;
  if (Array.isArray(value)) return value.map((v) => keep(v, paths));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    const sub = paths.filter((p) => p[0] === k).map((p) => p.slice(1));
    if (sub.length) out[k] = keep(v, sub);
  }
  return out;
}

function drop(value: Json, path: string[]): Json {
  if (Array.isArray(value)) return value.map((v) => drop(v, path));
  if (value === null || typeof value !== 'object' || path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (!(head in value)) return value;
  const out: Record<string, Json> = { ...(value as Record<string, Json>) };
  if (rest.length === 0) delete out[head];
  else out[head] = drop(out[head], rest);
  return out;
}
