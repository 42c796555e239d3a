/**
 * Container resource requirements as Kubernetes validates them: resource
 * names, non-negative (and for extended resources whole) quantities,
 * requests within limits. Quantities are parsed on decode: a malformed one
 * is a 400 before any validation, as on a real cluster.
 */
import { ApiError } from '../../store/errors.js';
import { compareQuantity, formatQuantity, isNegative, quantityFromJson, QuantityError, type Quantity } from '../../kubelet/quantity.js';
import { forbidden, invalid, invalidEach, Printed, required, type FieldError } from './field.js';
import { isQualifiedName } from './names.js';

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD = new Set([
  ...STANDARD_CONTAINER, 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage',
  'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
  'services.nodeports', 'services.loadbalancers',
]);
const isHugePages = (n: string): boolean => n.startsWith('hugepages-');
const isNative = (n: string): boolean => !n.includes('/') || n.includes('kubernetes.io/');
const isStandardContainer = (n: string): boolean => STANDARD_CONTAINER.has(n) || isHugePages(n);
const isStandard = (n: string): boolean => STANDARD.has(n) || isHugePages(n) || (n.startsWith('requests.') && isHugePages(n.slice(9)));
const isExtended = (n: string): boolean => !isNative(n) && !n.startsWith('requests.') && isQualifiedName(`requests.${n}`).length === 0;
/** Kubernetes lets requests of native resources (but hugepages) stay below their limits. */
const overcommitAllowed = (n: string): boolean => isNative(n) && !isHugePages(n);

/** Decodes a quantity field like Kubernetes' JSON decoder: a bad one fails the whole request with 400. */
export function decodeQuantity(kind: string, value: unknown): Quantity {
  try {
    return quantityFromJson(value);
  } catch (e) {
    if (!(e instanceof QuantityError)) throw e;
    throw new ApiError('BadRequest', `${kind} in version "v1" cannot be handled as a ${kind}: ${e.message}`);
  }
}

function resourceNameErrors(name: string, field: string): FieldError[] {
  const errs = invalidEach(field, name, isQualifiedName(name));
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (!isStandard(name)) return [invalid(field, name, 'must be a standard resource type or fully qualified')];
    if (!isStandardContainer(name)) return [invalid(field, name, 'must be a standard resource for containers')];
  } else if (!isNative(name) && !isExtended(name)) {
    return [invalid(field, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

/** ValidateResourceQuantityValue: never negative; extended resources in whole units. */
export function quantityValueErrors(name: string, q: Quantity, field: string): FieldError[] {
  if (isNegative(q)) return [invalid(field, formatQuantity(q), 'must be greater than or equal to 0')];
  const milli = { ...q, exp10: q.exp10 + 3 };
  const whole = milli.exp10 >= 0 ? (milli.mantissa * 10n ** BigInt(milli.exp10)) % 1000n === 0n : false;
  // Kubernetes prints this value without quotes: it is the Quantity itself, not its string.
  if (isExtended(name) && !whole) return [invalid(field, new Printed(formatQuantity(q)), 'must be an integer')];
  return [];
}

function entries(kind: string, map: unknown): Array<[string, Quantity]> {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return [];
  return Object.entries(map as Record<string, unknown>).map(([k, v]) => [k, decodeQuantity(kind, v)]);
}

/** `resources` of one container, at `path` (e.g. `spec.containers[0].resources`). */
export function resourceRequirementErrors(kind: string, resources: unknown, path: string): FieldError[] {
  const r = (resources ?? {}) as { limits?: unknown; requests?: unknown };
  const limits = new Map(entries(kind, r.limits));
  const requests = entries(kind, r.requests);
  const errs: FieldError[] = [];
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, q] of limits) {
    const field = `${limPath}[${name}]`;
    errs.push(...resourceNameErrors(name, field), ...quantityValueErrors(name, q, field));
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, q] of requests) {
    const field = `${reqPath}[${name}]`;
    errs.push(...resourceNameErrors(name, field), ...quantityValueErrors(name, q, field));
    const limit = limits.get(name);
    if (limit) {
      if (compareQuantity(q, limit) !== 0 && !overcommitAllowed(name)) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (compareQuantity(q, limit) > 0) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (hugePages && !cpuOrMemory) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}
