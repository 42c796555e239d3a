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
const VERB: Record<string, string> = { read: 'get', create: 'create', patch: 'patch', replace: 'update', delete: 'delete', list: 'list' };
const KIND: Record<string, [string, string]> = { Pod: ['', 'pods'], Secret: ['', 'secrets'], CustomObject: ['argoproj.io', 'workflowtaskresults'] };

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
    if (file.includes('/resource/')) continue;
    const text = readFileSync(file, 'utf8');
    const at = (i: number) => `${relative(src, file)}:${text.slice(0, i).split('\n').length}`;
    for (const m of text.matchAll(/makeApiClient\(\(?(?:await )?[\w.()]*?\.?(\w+Api)\b/g)) {
      expect(['CoreV1Api', 'CustomObjectsApi']).toContain(m[1]);
    }
    for (const m of text.matchAll(/\.(read|create|patch|replace|delete|list)Namespaced(Pod|Secret|CustomObject)\(/g)) {
      const [group, resource] = KIND[m[2]!]!;
      if (m[2] === 'CustomObject') expect(text).toMatch(/plural: 'workflowtaskresults'/);
      add(key(group, resource, VERB[m[1]!]!), at(m.index));
    }
    for (const m of text.matchAll(/new \w+\.Watch\(/g)) {
      expect(text).toMatch(/`\/api\/v1\/namespaces\/\$\{[^}]+\}\/pods`/);
      add(key('', 'pods', 'watch'), at(m.index));
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
