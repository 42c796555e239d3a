/**
 * Lock and holder names, spelled as Argo spells them so that a status written
 * by either controller reads the same: locks `<ns>/Mutex/<name>` and
 * `<ns>/ConfigMap/<configmap>/<key>`; holders `<ns>/<workflow>` (workflow
 * level) and `<ns>/<workflow>/<nodeID>` (template level).
 */
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { Template } from './model.js';
import { OperatorError } from './types.js';

export type Synchronization = NonNullable<Template['synchronization']>;
export type LockKind = 'Mutex' | 'Semaphore';
export interface LockRef { key: string; kind: LockKind }

/** Parsed lock key; `configMap`/`configKey` only for semaphores. */
export interface LockName { namespace: string; kind: LockKind; name: string; configKey?: string }

export function workflowHolder(namespace: string, workflow: string): string {
  return `${namespace}/${workflow}`;
}

/** The workflow queue key of a holder (`ns/wf` or `ns/wf/node` → `ns/wf`). */
export function workflowOfHolder(holder: string): string {
  const parts = holder.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : holder;
}

export function parseLockKey(key: string): LockName | undefined {
  const parts = key.split('/');
  if (parts.length === 3 && parts[1] === 'Mutex' && parts[0] && parts[2]) return { namespace: parts[0], kind: 'Mutex', name: parts[2] };
  if (parts.length === 4 && parts[1] === 'ConfigMap' && parts[0] && parts[2] && parts[3]) {
    return { namespace: parts[0], kind: 'Semaphore', name: parts[2], configKey: parts[3] };
  }
  return undefined;
}

/**
 * The locks a `synchronization` block asks for, all of which a holder must
 * get at once. `where` names the block in errors (e.g. `spec.synchronization`).
 */
export function lockRefs(sync: Synchronization, namespace: string, where: string): LockRef[] {
  const refs: LockRef[] = [];
  (sync.mutexes ?? []).forEach((m, i) => {
    const at = `${where}.mutexes[${i}]`;
    if (m.database) throw new OperatorError('InvalidSpec', `${at}.database: database locks are not supported; use a local mutex`);
    if (!m.name) throw new OperatorError('InvalidSpec', `${at}.name is required`);
    if (m.name.includes('/')) throw new OperatorError('InvalidSpec', `${at}.name '${m.name}' must not contain '/'`);
    refs.push({ key: `${m.namespace || namespace}/Mutex/${m.name}`, kind: 'Mutex' });
  });
  (sync.semaphores ?? []).forEach((s, i) => {
    const at = `${where}.semaphores[${i}]`;
    if (s.database) throw new OperatorError('InvalidSpec', `${at}.database: database semaphores are not supported; use configMapKeyRef`);
    const ref = s.configMapKeyRef;
    if (!ref?.name || !ref.key) throw new OperatorError('InvalidSpec', `${at}.configMapKeyRef with a name and a key is required`);
    if (ref.name.includes('/') || ref.key.includes('/')) throw new OperatorError('InvalidSpec', `${at}.configMapKeyRef must not contain '/'`);
    refs.push({ key: `${s.namespace || namespace}/ConfigMap/${ref.name}/${ref.key}`, kind: 'Semaphore' });
  });
  if (!refs.length) throw new OperatorError('InvalidSpec', `${where} must list at least one of mutexes or semaphores`);
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.key) && seen.add(r.key));
}

/** A semaphore's limit, or why it has none. */
export type Limit = number | { error: string };

/** Reads a semaphore limit (the integer value of the ConfigMap key) from the ConfigMap, or says what is wrong. */
export function limitFromConfigMap(lock: LockName, cm: V1ConfigMap | undefined): Limit {
  const where = `ConfigMap ${lock.namespace}/${lock.name}`;
  if (!cm) return { error: `${where} not found` };
  const raw = cm.data?.[lock.configKey ?? ''];
  if (raw === undefined) return { error: `key '${lock.configKey}' not found in ${where}` };
  const text = raw.trim();
  if (!/^-?\d+$/.test(text)) return { error: `${where} key '${lock.configKey}' must be an integer, got '${raw}'` };
  return Number(text);
}
