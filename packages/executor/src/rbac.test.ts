/**
 * argo-ts-workflow-executor (manifests/base/workflow-executor-role.yaml) is
 * exactly what argoexec calls: every Kubernetes call site in src (found by
 * reading the source) needs a rule, and every rule needs a call.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';

const src = fileURLToPath(new URL('.', import.meta.url));
const manifests = fileURLToPath(new URL('../../../manifests', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testkit' || e.name === 'testdata' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const key = (group: string, resource: string, verb: string): string => `${group || 'core'}/${resource}:${verb}`;
const VERB: Record<string, string> = { POST: 'create', PATCH: 'patch', PUT: 'update', DELETE: 'delete' };

/** `/api/v1/namespaces/${ns}/pods/${name}` with method GET → core/pods:get; a watch on a collection → watch. */
function callKey(fn: string, method: string, path: string): string {
  const m = /^\/(?:api\/v1|apis\/\$\{GROUP\}\/\$\{VERSION\})\/namespaces\/\$\{[^}]+\}\/(\w+)(\/\$\{[^}]+\})?$/.exec(path);
  if (!m) throw new Error(`an executor API path this test cannot read: ${path}`);
  const group = path.startsWith('/apis/') ? 'argoproj.io' : '';
  const verb = fn === 'watch' ? 'watch' : method === 'GET' ? (m[2] ? 'get' : 'list') : VERB[method]!;
  return key(group, m[1]!, verb);
}

/**
 * Calls left out of the role on purpose, each with why:
 * - the annotation reporter's pod patch: every shipped ConfigMap sets
 *   `outputsReporter: taskresult` (asserted below), as Argo ≥ 3.4 does;
 * - resource templates act on the user's own objects with the workflow's
 *   ServiceAccount (the user grants those, as in Argo); their API discovery
 *   GETs are open to every authenticated caller (system:discovery).
 */
const NOT_IN_ROLE = new Map([[key('', 'pods', 'patch'), 'reporter/index.ts']]);

function executorCalls(): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  const add = (k: string, where: string) => calls.set(k, [...(calls.get(k) ?? []), where]);
  for (const file of sourceFiles(src)) {
    // Resource templates: the user's own objects, with the workflow's ServiceAccount (see above).
    if (file.includes('/resource/') || file.endsWith('/commands/resource.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const at = (i: number) => `${relative(src, file)}:${text.slice(0, i).split('\n').length}`;
    // Every call argoexec makes goes through @argo-ts/spec/kube's KubeClient with its path written inline.
    expect(text).not.toMatch(/makeApiClient|new \w+\.Watch\(/);
    for (const m of text.matchAll(/\.(json|watch|raw|stream)(?:<[^>]*>)?\(\{ method: '(\w+)', path: `([^`]+)`/g)) {
      add(callKey(m[1]!, m[2]!, m[3]!), at(m.index));
    }
  }
  return calls;
}

describe('executor RBAC', () => {
  const calls = executorCalls();
  const rules = new Set<string>();
  for (const doc of parseAllDocuments(readFileSync(join(manifests, 'base/workflow-executor-role.yaml'), 'utf8'))) {
    const o = doc.toJS() as { kind?: string; metadata?: { name?: string }; rules?: Array<{ apiGroups?: string[]; resources?: string[]; verbs?: string[] }> };
    if (o?.kind !== 'ClusterRole' || o.metadata?.name !== 'argo-ts-workflow-executor') continue;
    for (const r of o.rules ?? []) for (const g of r.apiGroups ?? []) for (const res of r.resources ?? []) for (const v of r.verbs ?? []) rules.add(key(g, res, v));
  }

  it('a rule for every call the role serves, a call for every rule', () => {
    expect(calls.has(key('argoproj.io', 'workflowtaskresults', 'create'))).toBe(true);
    const needed = new Set([...calls.keys()].filter((k) => !NOT_IN_ROLE.has(k)));
    const missing = [...needed].filter((k) => !rules.has(k)).map((k) => `${k} (${calls.get(k)!.join(', ')})`);
    expect({ callsWithoutRule: missing, rulesWithoutCall: [...rules].filter((k) => !needed.has(k)).sort() }).toEqual({ callsWithoutRule: [], rulesWithoutCall: [] });
  });

  it('the calls left out are still made where this test says (else drop them from NOT_IN_ROLE)', () => {
    for (const [k, file] of NOT_IN_ROLE) expect(calls.get(k)?.map((w) => w.split(':')[0])).toContain(file);
  });

  it('every shipped controller ConfigMap picks the taskresult reporter, so pods need no patch rights', () => {
    for (const file of ['base/workflow-controller.yaml', 'quick-start/workflow-controller-configmap.yaml']) {
      const cm = parseAllDocuments(readFileSync(join(manifests, file), 'utf8')).map((d) => d.toJS() as { kind?: string; data?: { config?: string } })
        .find((o) => o?.kind === 'ConfigMap');
      expect(cm?.data?.config).toMatch(/^outputsReporter: taskresult$/m);
    }
  });
});
