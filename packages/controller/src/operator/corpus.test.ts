/**
 * Argo's example workflows run to completion through the operator with a
 * stand-in executor that reports every declared output. The corpus is not
 * part of this repository (ARGO_COMPAT_DIR, which jest.preset.js sets to
 * ../shared/argo-compat beside the repository root);
 * without it this suite is skipped and says so.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Workflow, WorkflowTemplate } from './model.js';
import { Simulator, declaredOutputs, emptyContext, testConfig } from './testing/simulator.js';

const dir = join(process.env.ARGO_COMPAT_DIR ?? '', 'examples');
const present = existsSync(dir);

/** Examples this test cannot judge, and why. */
const EXCLUDED: Record<string, string> = {
  'container-set-template/graph-workflow.yaml': 'containerSet templates are not implemented',
  'container-set-template/workspace-workflow.yaml': 'containerSet templates are not implemented',
  'http-hello-world.yaml': 'http templates are not implemented',
  'life-cycle-hooks-wf-level.yaml': 'http templates are not implemented',
  'conditional-parameters.yaml': 'needs a coin flip result of heads or tails',
  'dag-conditional-parameters.yaml': 'needs a coin flip result of heads or tails',
  'loops-param-result.yaml': 'needs a JSON list as a script result',
  'recursive-for-loop.yaml': 'needs a counter that grows',
  'nested-workflow.yaml': 'the file is not valid YAML',
  'life-cycle-hooks-tmpl-level.yaml': 'http templates are not implemented',
};

function yamlFiles(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

const docs = present
  ? yamlFiles(dir).flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => ({ file: f.slice(dir.length + 1), doc: d.toJS() as Workflow & { kind?: string } })))
  : [];
const workflows = docs.filter((d) => d.doc?.kind === 'Workflow' && !EXCLUDED[d.file]);

(present ? describe : describe.skip)(`Argo examples in ${dir}`, () => {
  const ctx = emptyContext();
  for (const { doc } of docs) {
    if (doc?.kind === 'WorkflowTemplate') ctx.workflowTemplates.set(doc.metadata.name!, doc as WorkflowTemplate);
    if (doc?.kind === 'ClusterWorkflowTemplate') ctx.clusterWorkflowTemplates.set(doc.metadata.name!, doc as WorkflowTemplate);
    if (doc?.kind === 'ConfigMap') ctx.configMaps.set(doc.metadata.name!, doc as never);
  }

  it('finds the corpus', () => {
    expect(workflows.length).toBeGreaterThan(50);
  });

  it.each(workflows.map((w) => [w.file, w.doc] as const))('%s succeeds', (_file, doc) => {
    const wf: Workflow = { ...doc, metadata: { name: (doc.metadata.generateName ?? doc.metadata.name ?? 'wf').replace(/-$/, '') } };
    const sim = new Simulator(wf, declaredOutputs, { ...testConfig, artifactRepository: { s3: { bucket: 'b' } } }, ctx);
    sim.run(500);
    const failed = Object.values(sim.wf.status!.nodes!).filter((n) => n.phase === 'Error' || n.phase === 'Failed').map((n) => `${n.name}: ${n.message}`);
    expect({ phase: sim.wf.status!.phase, failed }).toEqual({ phase: 'Succeeded', failed: [] });
  });
});

if (!present) {
  describe('Argo examples', () => {
    // A missing corpus is a broken checkout, not a reason to pass silently (as in @argo-ts/spec's corpus tests).
    it('finds the Argo corpus', () => {
      throw new Error(`no Argo corpus at ${dir}: check out ../shared beside the repository or set ARGO_COMPAT_DIR`);
    });
  });
}
