/**
 * Strict validation of the core kinds' bodies (besides ObjectMeta): pods,
 * PersistentVolumeClaims, ConfigMaps and Secrets, with Kubernetes' field
 * paths and messages.
 */
import { compareQuantity, formatQuantity } from '../../kubelet/quantity.js';
import { invalid, invalidEach, forbidden, notSupported, required, tooLong, type FieldError } from './field.js';
import { isConfigMapKey, isDNS1123Subdomain } from './names.js';
import { podSpecErrors } from './pod.js';
import { decodeQuantity, quantityValueErrors } from './resources.js';

type Obj = Record<string, unknown>;

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
/** Kubernetes' MaxSecretSize, also the ConfigMap limit. */
export const MAX_DATA_BYTES = 1024 * 1024;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const ZERO = decodeQuantity('PersistentVolumeClaim', '0');

export function pvcSpecErrors(spec: unknown): FieldError[] {
  const s = isObj(spec) ? spec : {};
  const errs: FieldError[] = [];
  const modes = Array.isArray(s.accessModes) ? (s.accessModes as unknown[]) : [];
  if (modes.length === 0) errs.push(required('spec.accessModes', 'at least 1 access mode is required'));
  let oncePod = false;
  let other = false;
  for (const mode of modes) {
    if (!ACCESS_MODES.includes(mode as string)) errs.push(notSupported('spec.accessModes', mode, ACCESS_MODES));
    else if (mode === 'ReadWriteOncePod') oncePod = true;
    else other = true;
  }
  if (oncePod && other) errs.push(forbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  const resources = isObj(s.resources) ? s.resources : {};
  for (const part of ['limits', 'requests']) {
    if (isObj(resources[part])) for (const v of Object.values(resources[part])) decodeQuantity('PersistentVolumeClaim', v);
  }
  const requests = isObj(resources.requests) ? resources.requests : {};
  const field = 'spec.resources[storage]';
  if (requests.storage === undefined) errs.push(required(field));
  else {
    const q = decodeQuantity('PersistentVolumeClaim', requests.storage);
    if (compareQuantity(q, ZERO) <= 0) errs.push(invalid(field, formatQuantity(q), 'must be greater than zero'));
    else errs.push(...quantityValueErrors('storage', q, field));
  }
  if (typeof s.storageClassName === 'string' && s.storageClassName.length > 0) {
    errs.push(...invalidEach('spec.storageClassName', s.storageClassName, isDNS1123Subdomain(s.storageClassName)));
  }
  if (s.volumeMode !== undefined && !VOLUME_MODES.includes(s.volumeMode as string)) errs.push(notSupported('spec.volumeMode', s.volumeMode, VOLUME_MODES));
  return errs;
}

function configMapErrors(obj: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const data = isObj(obj.data) ? obj.data : {};
  const binary = isObj(obj.binaryData) ? obj.binaryData : {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    size += Buffer.byteLength(String(value));
    errs.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    if (key in binary) errs.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
  }
  for (const [key, value] of Object.entries(binary)) {
    size += Buffer.from(String(value), 'base64').length;
    errs.push(...invalidEach(`binaryData[${key}]`, key, isConfigMapKey(key)));
    if (key in data) errs.push(invalid(`binaryData[${key}]`, key, 'duplicate of key present in data'));
  }
  if (size > MAX_DATA_BYTES) errs.push(tooLong('', MAX_DATA_BYTES));
  return errs;
}

function secretErrors(obj: Obj): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(isObj(obj.data) ? obj.data : {})) {
    errs.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    size += Buffer.from(String(value), 'base64').length;
  }
  if (size > MAX_DATA_BYTES) errs.push(tooLong('data', MAX_DATA_BYTES));
  return errs;
}

/** The body checks of a core kind, by plural; kinds without an entry have only their metadata checked. */
export const CORE_BODY_CHECKS: Record<string, (obj: Obj) => FieldError[]> = {
  pods: (obj) => podSpecErrors(obj.spec),
  persistentvolumeclaims: (obj) => pvcSpecErrors(obj.spec),
  configmaps: configMapErrors,
  secrets: secretErrors,
};
