/**
 * Decoding of Kubernetes protobuf request bodies for the few built-in kinds
 * kubectl's generators send that way (`kubectl create namespace|configmap|
 * secret|serviceaccount|token|role|clusterrole|rolebinding|clusterrolebinding`):
 * client-go does not fall back to JSON on 415.
 * Envelope: the magic `k8s\0`, then a runtime.Unknown {typeMeta=1
 * {apiVersion=1, kind=2}, raw=2}. Empty strings and zero numbers are how
 * Go's proto2 encoding says "unset", so they are dropped.
 */
import { ApiError } from '../store/errors.js';

type Scalar = 'string' | 'int' | 'bool';
type Field =
  | { name: string; type: Scalar; repeated?: boolean }
  | { name: string; type: 'map' | 'mapBytes' }
  | { name: string; type: 'message'; message: Message; repeated?: boolean };
type Message = Record<number, Field>;

const OBJECT_META: Message = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  5: { name: 'uid', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  14: { name: 'finalizers', type: 'string', repeated: true },
};

const KINDS: Record<string, Message> = {
  Namespace: {
    1: { name: 'metadata', type: 'message', message: OBJECT_META },
    2: { name: 'spec', type: 'message', message: { 1: { name: 'finalizers', type: 'string', repeated: true } } },
  },
  ConfigMap: {
    1: { name: 'metadata', type: 'message', message: OBJECT_META },
    2: { name: 'data', type: 'map' },
    3: { name: 'binaryData', type: 'mapBytes' },
    4: { name: 'immutable', type: 'bool' },
  },
  Secret: {
    1: { name: 'metadata', type: 'message', message: OBJECT_META },
    2: { name: 'data', type: 'mapBytes' },
    3: { name: 'type', type: 'string' },
    4: { name: 'stringData', type: 'map' },
    5: { name: 'immutable', type: 'bool' },
  },
  ServiceAccount: {
    1: { name: 'metadata', type: 'message', message: OBJECT_META },
    3: { name: 'imagePullSecrets', type: 'message', repeated: true, message: { 1: { name: 'name', type: 'string' } } },
    4: { name: 'automountServiceAccountToken', type: 'bool' },
  },
  TokenRequest: {
    1: { name: 'metadata', type: 'message', message: OBJECT_META },
    2: {
      name: 'spec', type: 'message', message: {
        1: { name: 'audiences', type: 'string', repeated: true },
        3: {
          name: 'boundObjectRef', type: 'message', message: {
            1: { name: 'kind', type: 'string' }, 2: { name: 'apiVersion', type: 'string' }, 3: { name: 'name', type: 'string' }, 4: { name: 'uid', type: 'string' },
          },
        },
        4: { name: 'expirationSeconds', type: 'int' },
      },
    },
  },
};

// rbac.authorization.k8s.io/v1 (k8s.io/api/rbac/v1/generated.proto).
const POLICY_RULE: Message = {
  1: { name: 'verbs', type: 'string', repeated: true },
  2: { name: 'apiGroups', type: 'string', repeated: true },
  3: { name: 'resources', type: 'string', repeated: true },
  4: { name: 'resourceNames', type: 'string', repeated: true },
  5: { name: 'nonResourceURLs', type: 'string', repeated: true },
};
const ROLE: Message = {
  1: { name: 'metadata', type: 'message', message: OBJECT_META },
  2: { name: 'rules', type: 'message', repeated: true, message: POLICY_RULE },
};
const BINDING: Message = {
  1: { name: 'metadata', type: 'message', message: OBJECT_META },
  2: {
    name: 'subjects', type: 'message', repeated: true, message: {
      1: { name: 'kind', type: 'string' }, 2: { name: 'apiGroup', type: 'string' }, 3: { name: 'name', type: 'string' }, 4: { name: 'namespace', type: 'string' },
    },
  },
  3: { name: 'roleRef', type: 'message', message: { 1: { name: 'apiGroup', type: 'string' }, 2: { name: 'kind', type: 'string' }, 3: { name: 'name', type: 'string' } } },
};
KINDS.Role = ROLE;
KINDS.ClusterRole = ROLE;
KINDS.RoleBinding = BINDING;
KINDS.ClusterRoleBinding = BINDING;

/** The apiVersion each kind above is accepted with. */
const RBAC = 'rbac.authorization.k8s.io/v1';
const API_VERSIONS: Record<string, string> = {
  TokenRequest: 'authentication.k8s.io/v1', Role: RBAC, ClusterRole: RBAC, RoleBinding: RBAC, ClusterRoleBinding: RBAC,
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let shift = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new ApiError('BadRequest', 'protobuf body is truncated');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
  }
  bytes(): Buffer {
    const len = this.varint();
    if (this.pos + len > this.buf.length) throw new ApiError('BadRequest', 'protobuf body is truncated');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new ApiError('BadRequest', `protobuf body has unsupported wire type ${wire}`);
  }
}

function mapEntry(buf: Buffer): [string, Buffer] {
  const r = new Reader(buf);
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  while (!r.done) {
    const tag = r.varint();
    if (tag >>> 3 === 1 && (tag & 7) === 2) key = r.bytes().toString('utf8');
    else if (tag >>> 3 === 2 && (tag & 7) === 2) value = r.bytes();
    else r.skip(tag & 7);
  }
  return [key, value];
}

function scalar(type: Scalar, r: Reader, wire: number): unknown {
  if (type === 'string') return wire === 2 ? r.bytes().toString('utf8') : undefined;
  const n = r.varint();
  return type === 'bool' ? n !== 0 : n;
}

function decodeMessage(buf: Buffer, desc: Message): Record<string, unknown> {
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!r.done) {
    const tag = r.varint();
    const field = desc[tag >>> 3];
    const wire = tag & 7;
    if (!field) {
      r.skip(wire);
      continue;
    }
    let value: unknown;
    if (field.type === 'map' || field.type === 'mapBytes') {
      const [k, v] = mapEntry(r.bytes());
      const m = (out[field.name] ??= {}) as Record<string, string>;
      m[k] = field.type === 'map' ? v.toString('utf8') : v.toString('base64');
      continue;
    } else if (field.type === 'message') value = decodeMessage(r.bytes(), field.message);
    else value = scalar(field.type, r, wire);
    const repeated = 'repeated' in field && field.repeated === true;
    // An empty string in a list is a value (apiGroups: [""] is the core group); alone it means unset.
    if (value === undefined || (!repeated && (value === '' || value === 0))) continue;
    if (field.type === 'message' && Object.keys(value as object).length === 0 && !field.repeated) continue;
    if (repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else out[field.name] = value;
  }
  return out;
}

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** Decodes a protobuf request body into the JSON object it stands for. */
export function decodeProtobufObject(buf: Buffer): Record<string, unknown> {
  if (buf.length < 4 || buf.toString('latin1', 0, 4) !== 'k8s\0') throw new ApiError('BadRequest', 'protobuf body lacks the k8s envelope');
  const r = new Reader(buf.subarray(4));
  let typeMeta: { apiVersion?: string; kind?: string } = {};
  let raw: Buffer = Buffer.alloc(0);
  while (!r.done) {
    const tag = r.varint();
    if (tag === ((1 << 3) | 2)) typeMeta = decodeMessage(r.bytes(), { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'kind', type: 'string' } });
    else if (tag === ((2 << 3) | 2)) raw = r.bytes();
    else r.skip(tag & 7);
  }
  const desc = typeMeta.kind ? KINDS[typeMeta.kind] : undefined;
  const apiVersion = API_VERSIONS[typeMeta.kind ?? ''] ?? 'v1';
  if (!desc || typeMeta.apiVersion !== apiVersion) {
    const accepted = Object.keys(KINDS).map((k) => `${API_VERSIONS[k] ?? 'v1'} ${k}`).join(', ');
    throw new ApiError('UnsupportedMediaType', `protobuf bodies are only accepted for ${accepted}; send ${typeMeta.apiVersion ?? '?'} ${typeMeta.kind ?? '?'} as application/json`);
  }
  const body = decodeMessage(raw, desc);
  return { apiVersion, kind: typeMeta.kind, ...body, metadata: body.metadata ?? {} };
}
