/**
 * Pod specs as Kubernetes validates them, for the fields the engine and
 * Argo's pods use: volumes (names, one source each, the references PVC,
 * secret and configMap volumes need), containers and init containers
 * (names, images, pull policy, ports, env names, volume mounts naming a
 * volume, resources). Order and wording follow pkg/apis/core/validation.
 */
import { duplicate, forbidden, invalid, invalidEach, notFound, notSupported, required, type FieldError } from './field.js';
import { isDNS1123Label, isRelaxedEnvVarName, isValidPortName, isValidPortNum } from './names.js';
import { decodeQuantity, resourceRequirementErrors } from './resources.js';

type Obj = Record<string, unknown>;

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
] as const;

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => x !== null && typeof x === 'object') : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function volumeSourceErrors(vol: Obj, path: string): FieldError[] {
  const set = VOLUME_SOURCES.filter((k) => vol[k] !== undefined && vol[k] !== null);
  if (set.length === 0) return [required(path, 'must specify a volume type')];
  const errs = set.slice(1).map((k) => forbidden(`${path}.${k}`, 'may not specify more than 1 volume type'));
  const src = vol[set[0]!] as Obj;
  if (!isObj(src)) return errs;
  const kind = set[0]!;
  if (kind === 'persistentVolumeClaim' && !str(src.claimName)) errs.push(required(`${path}.persistentVolumeClaim.claimName`));
  if (kind === 'secret' && !str(src.secretName)) errs.push(required(`${path}.secret.secretName`));
  if (kind === 'configMap' && !str(src.name)) errs.push(required(`${path}.configMap.name`));
  if (kind === 'emptyDir' && src.sizeLimit !== undefined) decodeQuantity('Pod', src.sizeLimit);
  return errs;
}

/** spec.volumes; returns the names containers may mount (a volume with errors is not mountable, as in Kubernetes). */
function volumeErrors(volumes: Obj[], errs: FieldError[]): Set<string> {
  const names = new Set<string>();
  volumes.forEach((vol, i) => {
    const path = `spec.volumes[${i}]`;
    const name = str(vol.name);
    const el = volumeSourceErrors(vol, path);
    if (!name) el.push(required(`${path}.name`));
    else el.push(...invalidEach(`${path}.name`, name, isDNS1123Label(name)));
    if (names.has(name)) el.push(duplicate(`${path}.name`, name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return names;
}

function portErrors(ports: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `${path}[${i}]`;
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) errs.push(...invalidEach(`${p}.name`, name, msgs));
      else if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
      else names.add(name);
    }
    const cp = port.containerPort;
    if (cp === undefined || cp === 0) errs.push(required(`${p}.containerPort`));
    else errs.push(...invalidEach(`${p}.containerPort`, cp, isValidPortNum(Number(cp))));
    if (port.hostPort !== undefined && port.hostPort !== 0) errs.push(...invalidEach(`${p}.hostPort`, port.hostPort, isValidPortNum(Number(port.hostPort))));
    // An absent protocol is defaulted to TCP by Kubernetes before validation.
    if (port.protocol !== undefined && !PROTOCOLS.includes(str(port.protocol))) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

function envErrors(env: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  env.forEach((ev, i) => {
    const name = str(ev.name);
    if (!name) errs.push(required(`${path}[${i}].name`));
    errs.push(...invalidEach(`${path}[${i}].name`, name, isRelaxedEnvVarName(name)));
  });
  return errs;
}

function mountErrors(mounts: Obj[], volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const points = new Set<string>();
  mounts.forEach((m, i) => {
    const p = `${path}[${i}]`;
    const name = str(m.name);
    const at = str(m.mountPath);
    if (!name) errs.push(required(`${p}.name`));
    if (!volumes.has(name)) errs.push(notFound(`${p}.name`, name));
    if (!at) errs.push(required(`${p}.mountPath`));
    if (points.has(at)) errs.push(invalid(`${p}.mountPath`, at, 'must be unique'));
    points.add(at);
  });
  return errs;
}

/** validateContainerCommon: what every kind of container must satisfy. */
function containerErrors(c: Obj, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(`${path}.name`));
  else errs.push(...invalidEach(`${path}.name`, name, isDNS1123Label(name)));
  if (!str(c.image)) errs.push(required(`${path}.image`));
  // An absent pull policy is defaulted by Kubernetes before validation.
  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(str(c.imagePullPolicy))) {
    errs.push(notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  errs.push(...portErrors(list(c.ports), `${path}.ports`));
  errs.push(...envErrors(list(c.env), `${path}.env`));
  errs.push(...mountErrors(list(c.volumeMounts), volumes, `${path}.volumeMounts`));
  errs.push(...resourceRequirementErrors('Pod', c.resources, `${path}.resources`));
  return errs;
}

export function podSpecErrors(spec: unknown): FieldError[] {
  if (!isObj(spec)) return [required('spec.containers')];
  const errs: FieldError[] = [];
  const volumes = volumeErrors(list(spec.volumes), errs);
  const containers = list(spec.containers);
  if (containers.length === 0) errs.push(required('spec.containers'));
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const path = `spec.containers[${i}]`;
    errs.push(...containerErrors(c, volumes, path));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    else names.add(name);
  });
  // Init containers share the name space of the regular containers.
  list(spec.initContainers).forEach((c, i) => {
    const path = `spec.initContainers[${i}]`;
    errs.push(...containerErrors(c, volumes, path));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    else if (name) names.add(name);
  });
  return errs;
}
