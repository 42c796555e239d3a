/**
 * The controller's shipped RBAC is exactly what its code calls: every API
 * call site in src (found by reading the source, so a new call cannot slip in
 * unseen) needs a rule in manifests/cluster-install and
 * manifests/namespace-install, and every rule there needs a call.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { Resources } from './resources.js';

const src = fileURLToPath(new URL('..', import.meta.url));
const manifests = fileURLToPath(new URL('../../../../manifests', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' || e.name === 'testdata' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const VERB: Record<string, string> = { list: 'list', watch: 'watch', get: 'get', create: 'create', replace: 'update', patch: 'patch', delete: 'delete' };
const key = (group: string, resource: string, verb: string): string => `${group || 'core'}/${resource}:${verb}`;
const refKey = (name: string, verb: string, sub?: string): string => {
  const r = Resources[name as keyof typeof Resources];
  if (!r) throw new Error(`Resources.${name} is not a known resource`);
  return key(r.group, sub ? `${r.plural}/${sub}` : r.plural, verb);
};

/** Resources the operator creates or deletes through `createResource`/`deleteResource` (resourceFor in apply.ts). */
const DYNAMIC: Array<{ site: RegExp; calls: string[] }> = [
  { site: /type: 'createResource',[\s\S]{0,120}kind: 'PersistentVolumeClaim'/, calls: [key('', 'persistentvolumeclaims', 'create')] },
  { site: /type: 'deleteResource', apiVersion: 'v1', kind: 'PersistentVolumeClaim'/, calls: [key('', 'persistentvolumeclaims', 'delete')] },
  { site: /type: 'createResource', object: offloaded\.configMap/, calls: [key('', 'configmaps', 'create')] },
  { site: /type: 'createResource',[\s\S]{0,120}kind: 'PodDisruptionBudget'/, calls: [key('policy', 'poddisruptionbudgets', 'create')] },
  { site: /type: 'deleteResource', apiVersion: 'policy\/v1', kind: 'PodDisruptionBudget'/, calls: [key('policy', 'poddisruptionbudgets', 'delete')] },
];

/** Every (group/resource, verb) the controller's code calls, with where. */
function controllerCalls(): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  const add = (k: string, where: string) => calls.set(k, [...(calls.get(k) ?? []), where]);
  let dynamicSites = 0;
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const at = (i: number) => `${relative(src, file)}:${text.slice(0, i).split('\n').length}`;
    for (const m of text.matchAll(/\.(list|watch|get|create|replace|patch|delete)(?:<[^()]*?>)?\(\s*Resources\.(\w+)([^;]*)/g)) {
      const sub = m[1] === 'replace' && /'status'\s*\)/.test(m[3]!) ? 'status' : undefined;
      add(refKey(m[2]!, VERB[m[1]!]!, sub), at(m.index));
    }
    for (const m of text.matchAll(/new ListWatch(?:<[^()]*?>)?\(\s*[\w.]+,\s*Resources\.(\w+)/g)) {
      add(refKey(m[1]!, 'list'), at(m.index));
      add(refKey(m[1]!, 'watch'), at(m.index));
    }
    for (const m of text.matchAll(/this\.fetch(?:<[^()]*?>)?\(\s*Resources\.(\w+)/g)) add(refKey(m[1]!, 'get'), at(m.index));
    if (file.includes('/operator/')) {
      for (const m of text.matchAll(/type: '(createResource|deleteResource)',/g)) {
        const d = DYNAMIC.find((x) => x.site.test(text.slice(m.index, m.index + 200)));
        if (!d) throw new Error(`${at(m.index)}: a ${m[1]} this test does not know: add it to DYNAMIC and to the shipped RBAC`);
        dynamicSites++;
        for (const c of d.calls) add(c, at(m.index));
      }
    }
  }
  expect(dynamicSites).toBe(DYNAMIC.length);
  return calls;
}

interface Rule { apiGroups?: string[]; resources?: string[]; verbs?: string[] }

/** (group/resource, verb) pairs granted by the named Roles/ClusterRoles of a manifests file. */
function granted(file: string, names: string[]): Set<string> {
  const out = new Set<string>();
  const found = new Set<string>();
  for (const doc of parseAllDocuments(readFileSync(join(manifests, file), 'utf8'))) {
    const o = doc.toJS() as { kind?: string; metadata?: { name?: string }; rules?: Rule[] } | null;
    if (!o || (o.kind !== 'Role' && o.kind !== 'ClusterRole') || !names.includes(o.metadata?.name ?? '')) continue;
    found.add(o.metadata!.name!);
    for (const r of o.rules ?? []) for (const g of r.apiGroups ?? []) for (const res of r.resources ?? []) for (const v of r.verbs ?? []) out.add(key(g, res, v));
  }
  expect([...found].sort()).toEqual([...names].sort());
  return out;
}

const diff = (a: Iterable<string>, b: Set<string>): string[] => [...a].filter((x) => !b.has(x)).sort();

describe('controller RBAC', () => {
  const calls = controllerCalls();

  it('finds the calls the controller makes (a sanity floor: the informers, status writes and leases)', () => {
    for (const k of ['argoproj.io/workflows:watch', 'argoproj.io/workflows/status:update', 'core/pods:create', 'coordination.k8s.io/leases:update']) {
      expect(calls.has(k)).toBe(true);
    }
  });

  it('cluster-install: a rule for every call and a call for every rule', () => {
    const rules = granted('cluster-install/workflow-controller-rbac.yaml', ['argo-ts-workflow-controller', 'argo-ts-workflow-controller-leader']);
    const missing = diff(calls.keys(), rules).map((k) => `${k} (${calls.get(k)!.join(', ')})`);
    expect({ callsWithoutRule: missing, rulesWithoutCall: diff(rules, new Set(calls.keys())) }).toEqual({ callsWithoutRule: [], rulesWithoutCall: [] });
  });

  it('namespace-install: the same, less the cluster-scoped ClusterWorkflowTemplates', () => {
    const rules = granted('namespace-install/workflow-controller-rbac.yaml', ['argo-ts-workflow-controller', 'argo-ts-workflow-controller-leader']);
    const namespaced = new Set([...calls.keys()].filter((k) => !k.startsWith('argoproj.io/clusterworkflowtemplates:')));
    expect({ callsWithoutRule: diff(namespaced, rules), rulesWithoutCall: diff(rules, namespaced) }).toEqual({ callsWithoutRule: [], rulesWithoutCall: [] });
  });

  it('the leader Role grants get/update on the controller\'s own Lease only', () => {
    const doc = parseAllDocuments(readFileSync(join(manifests, 'cluster-install/workflow-controller-rbac.yaml'), 'utf8'))
      .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string }; rules?: Array<Rule & { resourceNames?: string[] }> })
      .find((o) => o?.kind === 'Role' && o.metadata?.name === 'argo-ts-workflow-controller-leader');
    expect(doc?.rules?.filter((r) => r.verbs?.some((v) => v !== 'create')).map((r) => r.resourceNames)).toEqual([['workflow-controller']]);
  });
});
