/**
 * Fetches what `operate` reads besides the workflow and its pods: the
 * WorkflowTemplates and ClusterWorkflowTemplates it references (transitively),
 * the ConfigMaps named by `configMapKeyRef` and memoization caches, and the
 * artifact repository named by `artifactRepositoryRef` (or the namespace's
 * default in `artifact-repositories`). Reads go through a short TTL cache so a
 * burst of pod events does not turn into a burst of GETs.
 */
import type { V1ConfigMap } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { ArtifactRepositoryDefaults } from '@argo-ts/spec';
import type { KubeApi, KubeObject } from './api.js';
import { isCode } from './errors.js';
import { Resources, type ResourceRef } from './resources.js';
import type { ArtifactRepository, Workflow, WorkflowTaskResult, WorkflowTemplate } from '../operator/model.js';
import type { OperateContext } from '../operator/types.js';

const DEFAULT_REPO_ANNOTATION = 'workflows.argoproj.io/default-artifact-repository';

export interface LoadedContext {
  ctx: OperateContext;
  /** Resolved repository for this workflow; undefined means "use the controller's". */
  artifactRepository?: ArtifactRepository;
  /** Problems worth a Warning event (missing template, bad artifactRepositoryRef). */
  warnings: string[];
}

interface Refs { templates: Set<string>; clusterTemplates: Set<string>; configMaps: Set<string> }

/** Names referenced anywhere in a spec: templateRef, workflowTemplateRef, configMapKeyRef, memoize caches. */
export function collectRefs(spec: unknown, refs: Refs = { templates: new Set(), clusterTemplates: new Set(), configMaps: new Set() }): Refs {
  const visit = (v: unknown, key: string): void => {
    if (Array.isArray(v)) { for (const x of v) visit(x, key); return; }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if ((key === 'templateRef' || key === 'workflowTemplateRef') && typeof o.name === 'string' && !o.name.includes('{{')) {
      (o.clusterScope === true ? refs.clusterTemplates : refs.templates).add(o.name);
    }
    if (key === 'configMapKeyRef' && typeof o.name === 'string') refs.configMaps.add(o.name);
    if (key === 'memoize') {
      const name = (o.cache as { configMap?: { name?: unknown } } | undefined)?.configMap?.name;
      if (typeof name === 'string') refs.configMaps.add(name);
    }
    for (const [k, x] of Object.entries(o)) visit(x, k);
  };
  visit(spec, '');
  return refs;
}

export class ContextLoader {
  private readonly cache = new Map<string, { at: number; value: Promise<KubeObject | undefined> }>();

  constructor(private readonly api: KubeApi, private readonly ttlMs = 5000, private readonly now: () => number = Date.now) {}

  /** GET through the TTL cache; NotFound is `undefined`, other errors propagate (and are not cached). */
  private fetch<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string): Promise<T | undefined> {
    const key = `${r.plural}/${ns ?? ''}/${name}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value as Promise<T | undefined>;
    const value = this.api.get<T>(r, ns, name).catch((e: unknown) => {
      if (isCode(e, 'NotFound')) return undefined;
      this.cache.delete(key);
      throw e;
    });
    this.cache.set(key, { at: this.now(), value });
    if (this.cache.size > 2000) this.prune();
    return value;
  }

  private prune(): void {
    const t = this.now();
    for (const [k, v] of this.cache) if (t - v.at >= this.ttlMs) this.cache.delete(k);
  }

  /** Drops cached reads (e.g. after we wrote a ConfigMap ourselves). */
  invalidate(kind: 'configmaps' | 'all', ns?: string, name?: string): void {
    if (kind === 'all') { this.cache.clear(); return; }
    this.cache.delete(`configmaps/${ns ?? ''}/${name ?? ''}`);
  }

  async load(wf: Workflow, taskResults: WorkflowTaskResult[]): Promise<LoadedContext> {
    const ns = wf.metadata.namespace ?? 'default';
    const warnings: string[] = [];
    const ctx: OperateContext = { workflowTemplates: new Map(), clusterWorkflowTemplates: new Map(), configMaps: new Map(), taskResults: new Map() };
    for (const tr of taskResults) if (tr.metadata.name) ctx.taskResults.set(tr.metadata.name, tr);

    const refs = collectRefs(wf.spec);
    // Templates can reference further templates: follow until nothing new appears.
    const seenT = new Set<string>();
    const seenC = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const newT = [...refs.templates].filter((n) => !seenT.has(n));
      const newC = [...refs.clusterTemplates].filter((n) => !seenC.has(n));
      if (!newT.length && !newC.length) break;
      newT.forEach((n) => seenT.add(n));
      newC.forEach((n) => seenC.add(n));
      const got = await Promise.all([
        ...newT.map(async (n) => ['t', n, await this.fetch<WorkflowTemplate & KubeObject>(Resources.workflowTemplates, ns, n)] as const),
        ...newC.map(async (n) => ['c', n, await this.fetch<WorkflowTemplate & KubeObject>(Resources.clusterWorkflowTemplates, undefined, n)] as const),
      ]);
      for (const [kind, name, obj] of got) {
        if (!obj) { warnings.push(`${kind === 't' ? 'WorkflowTemplate' : 'ClusterWorkflowTemplate'} ${name} not found`); continue; }
        (kind === 't' ? ctx.workflowTemplates : ctx.clusterWorkflowTemplates).set(name, obj);
        collectRefs(obj.spec, refs);
      }
    }

    const cms = await Promise.all([...refs.configMaps].map(async (n) => [n, await this.fetch<V1ConfigMap & KubeObject>(Resources.configMaps, ns, n)] as const));
    for (const [name, cm] of cms) if (cm) ctx.configMaps.set(name, cm);

    const repo = await this.artifactRepository(wf, ns, warnings);
    return { ctx, warnings, ...(repo ? { artifactRepository: repo } : {}) };
  }

  /** Argo's order: the workflow's artifactRepositoryRef, else the namespace's default in `artifact-repositories`. */
  private async artifactRepository(wf: Workflow, ns: string, warnings: string[]): Promise<ArtifactRepository | undefined> {
    const ref = wf.spec.artifactRepositoryRef;
    const cmName = ref?.configMap ?? ArtifactRepositoryDefaults.configMap;
    const cm = await this.fetch<V1ConfigMap & KubeObject>(Resources.configMaps, ns, cmName);
    if (!cm) {
      if (ref) warnings.push(`artifactRepositoryRef: ConfigMap ${ns}/${cmName} not found`);
      return undefined;
    }
    const key = ref?.key ?? cm.metadata?.annotations?.[DEFAULT_REPO_ANNOTATION];
    if (!key) return undefined;
    const text = cm.data?.[key];
    if (text === undefined) {
      warnings.push(`artifactRepositoryRef: key ${key} not found in ConfigMap ${ns}/${cmName}`);
      return undefined;
    }
    try {
      return parseYaml(text) as ArtifactRepository;
    } catch (e) {
      warnings.push(`artifactRepositoryRef: ConfigMap ${ns}/${cmName} key ${key}: expected YAML (${(e as Error).message.split('\n')[0]})`);
      return undefined;
    }
  }
}
