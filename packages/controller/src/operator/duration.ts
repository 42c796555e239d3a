/** Durations as Argo accepts them in specs. */

/** Seconds from an int, "30", or a Go duration ("1m30s", "500ms", "2h"). */
export function parseDuration(v: string | number | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'number') return v;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };
  let total = 0;
  let matched = '';
  for (const m of v.trim().matchAll(re)) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched += m[0];
  }
  return matched === v.trim() ? total : undefined;
}
