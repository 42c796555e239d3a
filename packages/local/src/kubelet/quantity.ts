/**
 * Kubernetes resource quantities ("500m", "50Mi", "1G", "1e3"): parsed
 * exactly (a bigint mantissa and a power of ten, so "1.5Gi" and "0.1" lose
 * nothing) with Kubernetes' grammar and error messages, printed in
 * Kubernetes' canonical form ("1000" → "1k", "0.5" → "500m", "1.5Gi" →
 * "1536Mi"), compared, and converted to a number for the kubelet.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** value = (negative ? -1 : 1) × mantissa × 10^exp10 */
export interface Quantity {
  negative: boolean;
  mantissa: bigint;
  exp10: number;
  format: QuantityFormat;
}

/** Kubernetes' own messages (resource.ErrFormatWrong, ErrSuffix, ErrNumeric). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

export class QuantityError extends Error {
  readonly code = 'InvalidQuantity';
  readonly transient = false;
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const SUFFIX_OF_EXP = new Map(Object.entries(DECIMAL_SUFFIX).map(([s, e]) => [e, s]));
const BINARY_OF_EXP = new Map(Object.entries(BINARY_SUFFIX).map(([s, e]) => [e, s]));

// Sign, digits with an optional '.', then suffix letters, an optional sign and digits (Kubernetes' parseQuantityString).
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** Parses like Kubernetes' resource.ParseQuantity; throws QuantityError with Kubernetes' message. */
export function parseExactQuantity(text: string): Quantity {
  const m = SHAPE.exec(text);
  if (text.length === 0 || !m) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  const [, sign, whole = '', frac = '', suffix = ''] = m;
  const digits = BigInt(`${whole}${frac}` || '0');
  let format: QuantityFormat;
  let mantissa = digits;
  let exp10 = -frac.length;
  if (suffix in DECIMAL_SUFFIX) {
    format = 'DecimalSI';
    exp10 += DECIMAL_SUFFIX[suffix]!;
  } else if (suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BINARY_SUFFIX[suffix]!);
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    exp10 += Number(suffix.slice(1));
  } else throw new QuantityError(QUANTITY_SUFFIX_ERROR);
  return { negative: sign === '-' && mantissa !== 0n, mantissa, exp10, format };
}

/** A quantity as JSON carries it: a string, or a number (YAML `cpu: 1`). */
export function quantityFromJson(value: unknown): Quantity {
  if (typeof value === 'number' && Number.isFinite(value)) return parseExactQuantity(String(value).replace(/^([+-]?[0-9.]+)e\+?/, '$1e'));
  if (typeof value !== 'string') throw new QuantityError(QUANTITY_FORMAT_ERROR);
  return parseExactQuantity(value.trim());
}

function align(a: Quantity, b: Quantity): [bigint, bigint] {
  const e = Math.min(a.exp10, b.exp10);
  const va = a.mantissa * 10n ** BigInt(a.exp10 - e) * (a.negative ? -1n : 1n);
  const vb = b.mantissa * 10n ** BigInt(b.exp10 - e) * (b.negative ? -1n : 1n);
  return [va, vb];
}

/** -1, 0 or 1, as Quantity.Cmp. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const [va, vb] = align(a, b);
  return va < vb ? -1 : va > vb ? 1 : 0;
}

const ZERO: Quantity = { negative: false, mantissa: 0n, exp10: 0, format: 'DecimalSI' };
export const isNegative = (q: Quantity): boolean => compareQuantity(q, ZERO) < 0;
export const isZero = (q: Quantity): boolean => q.mantissa === 0n;

/** Kubernetes keeps nothing below 1n: smaller parts round away from zero. */
function atNanoScale(q: Quantity): { mantissa: bigint; exp10: number } {
  if (q.exp10 >= -9) return { mantissa: q.mantissa, exp10: q.exp10 };
  const div = 10n ** BigInt(-9 - q.exp10);
  const up = q.mantissa % div === 0n ? 0n : 1n;
  return { mantissa: q.mantissa / div + up, exp10: -9 };
}

/** Quantity.String(): the canonical text Kubernetes stores and prints. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  const sign = q.negative ? '-' : '';
  let { mantissa, exp10 } = atNanoScale(q);
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exp10++;
  }
  // BinarySI only for whole amounts of 1024 or more; anything else is shown in DecimalSI rather than rounded.
  if (q.format === 'BinarySI' && exp10 >= 0) {
    let value = mantissa * 10n ** BigInt(exp10);
    if (value >= 1024n) {
      let e = 0;
      while (e < 6 && value % 1024n === 0n) {
        value /= 1024n;
        e++;
      }
      return `${sign}${value}${BINARY_OF_EXP.get(e) ?? ''}`;
    }
  }
  const down = ((exp10 % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(down);
  exp10 -= down;
  if (q.format === 'DecimalExponent') return `${sign}${mantissa}${exp10 === 0 ? '' : `e${exp10}`}`;
  const suffix = SUFFIX_OF_EXP.get(exp10);
  return `${sign}${mantissa}${suffix ?? `e${exp10}`}`;
}

/** The value as a float (the kubelet's limits and downward-API numbers). */
export function quantityToNumber(q: Quantity): number {
  return (q.negative ? -1 : 1) * Number(q.mantissa) * 10 ** q.exp10;
}

/** Parses a quantity to a number; throws a one-line error naming the bad value. */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') return value;
  try {
    return quantityToNumber(parseExactQuantity(value.trim()));
  } catch {
    throw new Error(`invalid resource quantity ${JSON.stringify(value)}: expected e.g. "500m", "64Mi", "2"`);
  }
}
