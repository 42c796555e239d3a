/**
 * ObjectMeta as Kubernetes validates it for every kind: the name by the
 * kind's naming rule (and generateName, its trailing '-' masked), label
 * keys and values, annotation keys and their total size.
 */
import type { KubeObject } from '../../store/types.js';
import type { ResourceDef } from '../registry.js';
import { invalid, invalidEach, required, tooLong, type FieldError } from './field.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isLabelValue, isQualifiedName, maskTrailingDash } from './names.js';

/** Kubernetes' TotalAnnotationSizeLimitB. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** RBAC objects are named like path segments (`system:discovery` is a valid ClusterRole name). */
function pathSegmentName(name: string, prefix: boolean): string[] {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/** The naming rule of a kind (Kubernetes' ValidateNameFunc): names checked as DNS subdomains unless listed. */
function nameRule(def: ResourceDef): (name: string) => string[] {
  if (def.group === 'rbac.authorization.k8s.io') return (n) => pathSegmentName(n, false);
  if (def.group === '' && def.plural === 'namespaces') return isDNS1123Label;
  if (def.group === '' && def.plural === 'services') return isDNS1035Label;
  return isDNS1123Subdomain;
}

function generateNameRule(def: ResourceDef): (prefix: string) => string[] {
  if (def.group === 'rbac.authorization.k8s.io') return (n) => pathSegmentName(n, true);
  const rule = nameRule(def);
  return (prefix) => rule(maskTrailingDash(prefix));
}

/** Name and generateName: on create only (a stored name cannot change). */
export function nameErrors(def: ResourceDef, obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const { name, generateName } = obj.metadata;
  if (typeof generateName === 'string' && generateName.length > 0) {
    errs.push(...invalidEach('metadata.generateName', generateName, generateNameRule(def)(generateName)));
  }
  if (!name) errs.push(required('metadata.name', 'name or generateName is required'));
  else errs.push(...invalidEach('metadata.name', name, nameRule(def)(name)));
  return errs;
}

export function labelErrors(labels: unknown, field = 'metadata.labels'): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries((labels ?? {}) as Record<string, unknown>)) {
    errs.push(...invalidEach(field, k, isQualifiedName(k)));
    if (typeof v !== 'string') errs.push(invalid(field, v, 'label values must be strings'));
    else errs.push(...invalidEach(field, v, isLabelValue(v)));
  }
  return errs;
}

/** Annotation keys and total size (Kubernetes' rules); with `typesOnly`, just that values are strings. */
export function annotationErrors(annotations: unknown, typesOnly = false): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries((annotations ?? {}) as Record<string, unknown>)) {
    // Kubernetes: a qualified name, except that case does not matter.
    if (!typesOnly) errs.push(...invalidEach('metadata.annotations', k, isQualifiedName(k.toLowerCase())));
    if (typeof v !== 'string') errs.push(invalid(`metadata.annotations.${k}`, v, 'annotation values must be strings'));
    else size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (!typesOnly && size > ANNOTATIONS_MAX_BYTES) errs.push(tooLong('metadata.annotations', ANNOTATIONS_MAX_BYTES));
  return errs;
}
