/** Kubernetes resource quantities ("500m", "50Mi", "1G", "1e3") as numbers. */

const SUFFIXES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** Parses a quantity; throws a one-line error naming the bad value. */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = QUANTITY.exec(value.trim());
  if (!m) throw new Error(`invalid resource quantity ${JSON.stringify(value)}: expected e.g. "500m", "64Mi", "2"`);
  return Number(m[1]) * SUFFIXES[m[2] ?? '']!;
}
