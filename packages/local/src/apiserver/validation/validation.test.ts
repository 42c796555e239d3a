/** Each strict-validation rule with Kubernetes' exact message, through validateObject as the handlers call it. */
import { RESOURCES, type ResourceDef } from '../registry.js';
import { validateObject, type ValidationLevel } from '../validate.js';
import type { KubeObject } from '../../store/types.js';
import type { ApiError } from '../../store/errors.js';

const def = (plural: string, group = ''): ResourceDef => RESOURCES.find((r) => r.plural === plural && r.group === group)!;

const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function errorOf(d: ResourceDef, obj: Record<string, unknown>, opts: { previous?: KubeObject; level?: ValidationLevel } = {}): ApiError | undefined {
  try {
    validateObject(d, structuredClone(obj) as KubeObject, 'Strict', opts.previous, opts.level ?? 'strict');
    return undefined;
  } catch (e) {
    return e as ApiError;
  }
}

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p', namespace: 'default' }) => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
const ctr = (extra: Record<string, unknown> = {}) => ({ name: 'main', image: 'alpine', ...extra });
const pvc = (spec: Record<string, unknown>, name = 'x') => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec });
const storage = { requests: { storage: '1Gi' } };

describe('strict validation: messages as Kubernetes 1.32 prints them', () => {
  it.each<[string, ResourceDef, Record<string, unknown>, string]>([
    ['PVC access mode', def('persistentvolumeclaims'), pvc({ accessModes: ['Foo'], resources: storage }),
      'PersistentVolumeClaim "x" is invalid: spec.accessModes: Unsupported value: "Foo": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
    ['PVC without access modes and storage', def('persistentvolumeclaims'), pvc({}),
      'PersistentVolumeClaim "x" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]'],
    ['PVC storage of zero', def('persistentvolumeclaims'), pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } }),
      'PersistentVolumeClaim "x" is invalid: spec.resources[storage]: Invalid value: "0": must be greater than zero'],
    ['PVC ReadWriteOncePod mixed', def('persistentvolumeclaims'), pvc({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'], resources: storage }),
      'PersistentVolumeClaim "x" is invalid: spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes'],
    ['PVC volume mode', def('persistentvolumeclaims'), pvc({ accessModes: ['ReadWriteOnce'], resources: storage, volumeMode: 'Disk' }),
      'PersistentVolumeClaim "x" is invalid: spec.volumeMode: Unsupported value: "Disk": supported values: "Block", "Filesystem"'],
    ['object name (subdomain)', def('configmaps'), { metadata: { name: 'Bad_Name', namespace: 'default' } },
      `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN}`],
    ['object name too long', def('configmaps'), { metadata: { name: 'a'.repeat(254), namespace: 'default' } },
      `ConfigMap "${'a'.repeat(254)}" is invalid: metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`],
    ['namespace name (label)', def('namespaces'), { metadata: { name: 'a.b' } },
      'Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": must not contain dots'],
    ['service name (DNS-1035)', def('services'), { metadata: { name: '1svc', namespace: 'default' }, spec: {} },
      `Service "1svc" is invalid: metadata.name: Invalid value: "1svc": ${DNS1035}`],
    ['Argo kind name (qualified kind in the message)', def('workflows', 'argoproj.io'), { metadata: { name: 'Bad', namespace: 'default' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'a' } }] } },
      `Workflow.argoproj.io "Bad" is invalid: metadata.name: Invalid value: "Bad": ${SUBDOMAIN}`],
    ['generateName', def('configmaps'), { metadata: { name: 'ok-abcde', generateName: 'Ok-', namespace: 'default' } },
      `ConfigMap "ok-abcde" is invalid: metadata.generateName: Invalid value: "Ok-": ${SUBDOMAIN}`],
    ['label key', def('configmaps'), { metadata: { name: 'c', namespace: 'default', labels: { 'bad key': 'v' } } },
      `ConfigMap "c" is invalid: metadata.labels: Invalid value: "bad key": ${NAME_PART}`],
    ['label key prefix', def('configmaps'), { metadata: { name: 'c', namespace: 'default', labels: { 'Ex.com/k': 'v' } } },
      `ConfigMap "c" is invalid: metadata.labels: Invalid value: "Ex.com/k": prefix part ${SUBDOMAIN}`],
    ['label value', def('configmaps'), { metadata: { name: 'c', namespace: 'default', labels: { k: 'a b' } } },
      `ConfigMap "c" is invalid: metadata.labels: Invalid value: "a b": ${LABEL_VALUE}`],
    ['label value too long', def('configmaps'), { metadata: { name: 'c', namespace: 'default', labels: { k: 'v'.repeat(64) } } },
      `ConfigMap "c" is invalid: metadata.labels: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    ['annotation key', def('configmaps'), { metadata: { name: 'c', namespace: 'default', annotations: { 'a/b/c': 'v' } } },
      "ConfigMap \"c\" is invalid: metadata.annotations: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
    ['annotation size', def('configmaps'), { metadata: { name: 'c', namespace: 'default', annotations: { big: 'x'.repeat(256 * 1024) } } },
      'ConfigMap "c" is invalid: metadata.annotations: Too long: must have at most 262144 bytes'],
    ['container name', def('pods'), pod({ containers: [ctr({ name: 'Main' })] }),
      `Pod "p" is invalid: spec.containers[0].name: Invalid value: "Main": ${LABEL}`],
    ['duplicate container name across init and regular containers', def('pods'), pod({ containers: [ctr()], initContainers: [ctr()] }),
      'Pod "p" is invalid: spec.initContainers[0].name: Duplicate value: "main"'],
    ['duplicate container name', def('pods'), pod({ containers: [ctr(), ctr()] }),
      'Pod "p" is invalid: spec.containers[1].name: Duplicate value: "main"'],
    ['container image', def('pods'), pod({ containers: [{ name: 'main' }] }),
      'Pod "p" is invalid: spec.containers[0].image: Required value'],
    ['no containers', def('pods'), pod({ containers: [] }),
      'Pod "p" is invalid: spec.containers: Required value'],
    ['pull policy', def('pods'), pod({ containers: [ctr({ imagePullPolicy: 'Sometimes' })] }),
      'Pod "p" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
    ['port name', def('pods'), pod({ containers: [ctr({ ports: [{ name: 'Http_1', containerPort: 80 }] })] }),
      'Pod "p" is invalid: spec.containers[0].ports[0].name: Invalid value: "Http_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['port name rules together', def('pods'), pod({ containers: [ctr({ ports: [{ name: '-1--', containerPort: 80 }] })] }),
      'Pod "p" is invalid: [spec.containers[0].ports[0].name: Invalid value: "-1--": must contain at least one letter (a-z), spec.containers[0].ports[0].name: Invalid value: "-1--": must not contain consecutive hyphens, spec.containers[0].ports[0].name: Invalid value: "-1--": must not begin or end with a hyphen]'],
    ['duplicate port name', def('pods'), pod({ containers: [ctr({ ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] })] }),
      'Pod "p" is invalid: spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ['port number', def('pods'), pod({ containers: [ctr({ ports: [{ containerPort: 70000 }] })] }),
      'Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ['port protocol', def('pods'), pod({ containers: [ctr({ ports: [{ containerPort: 80, protocol: 'tcp' }] })] }),
      'Pod "p" is invalid: spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
    ['env var name with =', def('pods'), pod({ containers: [ctr({ env: [{ name: 'A=B', value: '1' }] })] }),
      "Pod \"p\" is invalid: spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"],
    ['empty env var name', def('pods'), pod({ containers: [ctr({ env: [{ value: '1' }] })] }),
      'Pod "p" is invalid: [spec.containers[0].env[0].name: Required value, spec.containers[0].env[0].name: Invalid value: "": environment variable name must be non-empty]'],
    ['mount naming no volume', def('pods'), pod({ containers: [ctr({ volumeMounts: [{ name: 'work', mountPath: '/work' }] })] }),
      'Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "work"'],
    ['duplicate mount path', def('pods'), pod({ volumes: [{ name: 'w', emptyDir: {} }], containers: [ctr({ volumeMounts: [{ name: 'w', mountPath: '/w' }, { name: 'w', mountPath: '/w' }] })] }),
      'Pod "p" is invalid: spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/w": must be unique'],
    ['volume name', def('pods'), pod({ volumes: [{ name: 'Work', emptyDir: {} }], containers: [ctr()] }),
      `Pod "p" is invalid: spec.volumes[0].name: Invalid value: "Work": ${LABEL}`],
    ['duplicate volume name (and the mount of a refused volume)', def('pods'), pod({ volumes: [{ name: 'w', emptyDir: {} }, { name: 'w', emptyDir: {} }], containers: [ctr()] }),
      'Pod "p" is invalid: spec.volumes[1].name: Duplicate value: "w"'],
    ['volume without a source', def('pods'), pod({ volumes: [{ name: 'w' }], containers: [ctr({ volumeMounts: [{ name: 'w', mountPath: '/w' }] })] }),
      'Pod "p" is invalid: [spec.volumes[0]: Required value: must specify a volume type, spec.containers[0].volumeMounts[0].name: Not found: "w"]'],
    ['PVC volume without a claim name', def('pods'), pod({ volumes: [{ name: 'w', persistentVolumeClaim: {} }], containers: [ctr()] }),
      'Pod "p" is invalid: spec.volumes[0].persistentVolumeClaim.claimName: Required value'],
    ['negative request', def('pods'), pod({ containers: [ctr({ resources: { requests: { cpu: '-1' } } })] }),
      'Pod "p" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0'],
    ['request above limit (canonical quantities)', def('pods'), pod({ containers: [ctr({ resources: { requests: { memory: '1.5Gi' }, limits: { memory: '1000M' } } })] }),
      'Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "1536Mi": must be less than or equal to memory limit of 1G'],
    ['unknown resource name', def('pods'), pod({ containers: [ctr({ resources: { limits: { gpu: '1' } } })] }),
      'Pod "p" is invalid: spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified'],
    ['extended resource: whole units and a limit', def('pods'), pod({ containers: [ctr({ resources: { requests: { 'example.com/gpu': '500m' } } })] }),
      'Pod "p" is invalid: [spec.containers[0].resources.requests[example.com/gpu]: Invalid value: 500m: must be an integer, spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources]'],
    ['ConfigMap key', def('configmaps'), { metadata: { name: 'c', namespace: 'default' }, data: { 'a b': '1' } },
      "ConfigMap \"c\" is invalid: data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
  ])('%s', (_title, d, obj, message) => {
    const err = errorOf(d, obj);
    expect(err?.message).toBe(message);
    expect(err?.httpStatus).toBe(422);
    expect(err?.code).toBe('Invalid');
  });

  it('gives one cause per error with its field path, type and message (what kubectl prints)', () => {
    const err = errorOf(def('persistentvolumeclaims'), pvc({ accessModes: ['Foo'] }));
    expect(err?.details).toEqual({
      name: 'x', group: '', kind: 'PersistentVolumeClaim',
      causes: [
        { reason: 'FieldValueNotSupported', message: 'Unsupported value: "Foo": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"', field: 'spec.accessModes' },
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.resources[storage]' },
      ],
    });
  });

  it('refuses a malformed quantity while decoding, with 400 and Kubernetes\' message', () => {
    const err = errorOf(def('pods'), pod({ containers: [ctr({ resources: { limits: { cpu: 'lots' } } })] }));
    expect([err?.httpStatus, err?.message]).toEqual([400, "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]);
    const suffix = errorOf(def('persistentvolumeclaims'), pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1iG' } } }));
    expect([suffix?.httpStatus, suffix?.message]).toEqual([400, "PersistentVolumeClaim in version \"v1\" cannot be handled as a PersistentVolumeClaim: unable to parse quantity's suffix"]);
  });

  it('accepts what Kubernetes accepts', () => {
    expect(errorOf(def('pods'), pod({
      volumes: [{ name: 'var-run-argo', emptyDir: {} }, { name: 'work', persistentVolumeClaim: { claimName: 'wf-work' } }],
      initContainers: [ctr({ name: 'init', env: [{ name: 'ARGO_POD_NAME', value: 'x' }, { name: 'my.env-name', value: '1' }, { name: '1ST', value: '' }] })],
      containers: [
        ctr({ name: 'wait', ports: [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }] }),
        ctr({ volumeMounts: [{ name: 'var-run-argo', mountPath: '/var/run/argo' }, { name: 'work', mountPath: '/work', subPath: 'x' }],
          resources: { requests: { cpu: 0.5, memory: '64Mi', 'example.com/gpu': 1 }, limits: { cpu: '1', memory: '1Gi', 'example.com/gpu': '1' } } }),
      ],
    }, { name: 'wf-1234', generateName: 'wf-', namespace: 'default', labels: { 'workflows.argoproj.io/workflow': 'wf', empty: '' }, annotations: { 'Workflows.Argoproj.io/Node-Name': 'wf[0].a' } }))).toBeUndefined();
    expect(errorOf(def('persistentvolumeclaims'), pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local-path' }))).toBeUndefined();
    expect(errorOf(def('clusterroles', 'rbac.authorization.k8s.io'), { metadata: { name: 'system:discovery' }, rules: [] })).toBeUndefined();
  });

  it("'off' keeps only the name, label and annotation-type checks", () => {
    expect(errorOf(def('persistentvolumeclaims'), pvc({ accessModes: ['Foo'] }), { level: 'off' })).toBeUndefined();
    expect(errorOf(def('configmaps'), { metadata: { name: 'c', namespace: 'default', annotations: { 'a/b/c': 'x'.repeat(300_000) } } }, { level: 'off' })).toBeUndefined();
    expect(errorOf(def('configmaps'), { metadata: { name: 'Bad', namespace: 'default' } }, { level: 'off' })?.httpStatus).toBe(422);
    expect(errorOf(def('configmaps'), { metadata: { name: 'c', namespace: 'default', labels: { k: 'a b' } } }, { level: 'off' })?.httpStatus).toBe(422);
    expect(errorOf(def('configmaps'), { metadata: { name: 'c', namespace: 'default', annotations: { a: 5 } } }, { level: 'off' })?.message).toBe('ConfigMap "c" is invalid: metadata.annotations.a: Invalid value: 5: annotation values must be strings');
  });

  it('checks a core body on update only when it changed (status writes do not pay for it)', () => {
    const stored = pvc({ accessModes: ['Foo'] }) as unknown as KubeObject;
    expect(errorOf(def('persistentvolumeclaims'), { ...stored, status: { phase: 'Bound' } }, { previous: stored })).toBeUndefined();
    expect(errorOf(def('persistentvolumeclaims'), pvc({ accessModes: ['Bar'] }), { previous: stored })?.httpStatus).toBe(422);
  });
});
