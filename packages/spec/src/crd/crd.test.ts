import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { KINDS } from '../schema/kinds.js';
import { allCrds, crdFor, renderCrdFiles } from './crd.js';
import { kindSchema } from './schemas.js';
import type { JsonSchema } from './structural.js';
import { validateStructural } from './validate.js';
import { argoCorpus } from '../schema/testdata/corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const crdDir = path.resolve(here, '../../../../manifests/crds');
const corpus = argoCorpus();

const ALLOWED_KEYS = new Set([
  'type', 'properties', 'required', 'items', 'additionalProperties', 'nullable', 'enum', 'description',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string',
]);

/** Violations of Kubernetes' structural-schema rules, with their JSON paths. */
function structuralViolations(node: JsonSchema, at = ''): string[] {
  const out: string[] = [];
  for (const key of Object.keys(node)) if (!ALLOWED_KEYS.has(key)) out.push(`${at}: key ${key} not allowed`);
  const open = node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-int-or-string'] === true;
  if (node.type === undefined && !open) out.push(`${at}: no type`);
  if (node['x-kubernetes-int-or-string'] && node.type !== undefined) out.push(`${at}: int-or-string with a type`);
  if (node.properties && node.additionalProperties) out.push(`${at}: properties and additionalProperties`);
  if (node.type === 'array' && !node.items) out.push(`${at}: array without items`);
  const props = (node.properties ?? {}) as Record<string, JsonSchema>;
  for (const r of (node.required as string[] | undefined) ?? []) if (!props[r]) out.push(`${at}: required ${r} not a property`);
  for (const [k, v] of Object.entries(props)) out.push(...structuralViolations(v, `${at}.${k}`));
  if (node.items) out.push(...structuralViolations(node.items as JsonSchema, `${at}[]`));
  if (typeof node.additionalProperties === 'object') out.push(...structuralViolations(node.additionalProperties as JsonSchema, `${at}{}`));
  return out;
}

describe('CRDs', () => {
  it('match the committed manifests/crds (run `pnpm gen:crds` after changing a schema)', () => {
    const expected = renderCrdFiles();
    const committed = fs.readdirSync(crdDir).filter((f) => f.endsWith('.yaml')).sort();
    expect(committed).toEqual([...expected.keys()]);
    for (const [name, content] of expected) {
      const onDisk = fs.readFileSync(path.join(crdDir, name), 'utf8');
      if (onDisk !== content) throw new Error(`manifests/crds/${name} is stale: run \`pnpm gen:crds\``);
    }
  });

  it('render deterministically', () => {
    expect([...renderCrdFiles().values()]).toEqual([...renderCrdFiles().values()]);
  });

  it('are structural', () => {
    for (const crd of allCrds()) {
      const version = (crd.spec as { versions: { schema: { openAPIV3Schema: JsonSchema } }[] }).versions[0]!;
      expect(structuralViolations(version.schema.openAPIV3Schema)).toEqual([]);
    }
  });

  it('detects a non-structural schema (self-check)', () => {
    expect(structuralViolations({ type: 'object', properties: { a: { anyOf: [] }, b: { type: 'array' } } })).toEqual([
      '.a: key anyOf not allowed',
      '.a: no type',
      '.b: array without items',
    ]);
  });

  it('name, scope and print Workflows like Argo', () => {
    const wf = crdFor(KINDS.Workflow) as { metadata: { name: string }; spec: Record<string, unknown> };
    expect(wf.metadata.name).toBe('workflows.argoproj.io');
    expect(wf.spec.group).toBe('argoproj.io');
    expect(wf.spec.scope).toBe('Namespaced');
    expect(wf.spec.names).toEqual({ kind: 'Workflow', listKind: 'WorkflowList', plural: 'workflows', singular: 'workflow', shortNames: ['wf'] });
    const [v] = wf.spec.versions as Record<string, unknown>[];
    expect(v!.name).toBe('v1alpha1');
    expect(v!.subresources).toEqual({ status: {} });
    expect((v!.additionalPrinterColumns as { name: string; jsonPath: string }[]).map((c) => `${c.name}=${c.jsonPath}`)).toEqual([
      'Status=.status.phase',
      'Age=.status.startedAt',
      'Message=.status.message',
    ]);
    const cwft = crdFor(KINDS.ClusterWorkflowTemplate) as { spec: { scope: string; versions: Record<string, unknown>[] } };
    expect(cwft.spec.scope).toBe('Cluster');
    expect(cwft.spec.versions[0]!.subresources).toBeUndefined();
    expect((crdFor(KINDS.CronWorkflow) as { spec: { versions: Record<string, unknown>[] } }).spec.versions[0]!.subresources).toEqual({ status: {} });
  });

  it('type Argo fields and keep Kubernetes types open', () => {
    const spec = (kindSchema(KINDS.Workflow).properties as Record<string, JsonSchema>).spec!;
    const tmpl = ((spec.properties as Record<string, JsonSchema>).templates!.items as JsonSchema).properties as Record<string, JsonSchema>;
    expect((tmpl.retryStrategy!.properties as Record<string, JsonSchema>).limit).toEqual({ 'x-kubernetes-int-or-string': true });
    expect(tmpl.container!['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(tmpl.container!.type).toBe('object');
    expect(tmpl.name).toEqual({ type: 'string' });
  });

  it('accept every Argo document of the corpus without unknown fields', () => {
    const issues: string[] = [];
    let docs = 0;
    for (const file of fs.readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f))) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(corpus, file), 'utf8'))) {
        const obj = doc.toJS() as { kind?: string } | null;
        const info = obj?.kind && Object.hasOwn(KINDS, obj.kind) ? KINDS[obj.kind as keyof typeof KINDS] : undefined;
        if (!info) continue;
        docs++;
        issues.push(...validateStructural(kindSchema(info), obj).map((i) => `${file}: ${i.message}`));
      }
    }
    expect(docs).toBeGreaterThanOrEqual(150);
    expect(issues).toEqual([]);
  });
});
