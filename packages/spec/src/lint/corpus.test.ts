/**
 * Argo's own corpus: every example (WorkflowTemplates and
 * ClusterWorkflowTemplates resolved across the directory) and every e2e file
 * lints clean, except the rows expected.tsv marks as lint errors, which must
 * be reported.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatProblem } from '../yaml/problem.js';
import { lintPaths } from './index.js';

// Set by jest.preset.js: ../shared/argo-compat beside the repository root.
const corpus = process.env.ARGO_COMPAT_DIR!;

function lintErrorRows(): string[] {
  return readFileSync(join(corpus, 'expected.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => /lint error/i.test(`${c[1] ?? ''} ${c[2] ?? ''}`))
    .map((c) => c[0]);
}

describe('Argo corpus', () => {
  it('lints every example clean but the one that needs an artifact driver plugin (refused: no plugins here)', async () => {
    const result = await lintPaths([join(corpus, 'examples')]);
    expect(result.problems.map((p) => `${p.file.slice(corpus.length + 1)} ${p.path}: ${p.message}`)).toEqual([
      'examples/artifact-passing-explicit-plugin.yaml spec.templates[1].outputs.artifacts[0].plugin: not supported by argo-ts: Artifact.plugin',
    ]);
    expect(result.files.length).toBeGreaterThan(90);
    expect(result.objects.length).toBeGreaterThan(90);
  });

  it('lints the e2e files clean except the rows expected.tsv marks as lint errors', async () => {
    const mustFail = lintErrorRows();
    expect(mustFail).toContain('test/e2e/expectedfailures/misreference-template-name.yaml');
    const result = await lintPaths([join(corpus, 'test')]);
    const failing = new Set(result.problems.map((p) => relative(corpus, p.file)));
    expect([...failing].sort()).toEqual([...mustFail].sort());
  });

  it('names the misreferenced template', async () => {
    const file = join(corpus, 'test/e2e/expectedfailures/misreference-template-name.yaml');
    const result = await lintPaths([file]);
    expect(result.problems.map((p) => formatProblem({ ...p, file: 'f' }))).toEqual([
      'f:21:13: spec.templates[0].steps[1][0].template: template "hell0" not found',
    ]);
  });

  it('resolves templateRefs across the files given, and only those', async () => {
    const steps = join(corpus, 'examples/workflow-template/steps.yaml');
    const alone = await lintPaths([steps]);
    expect(alone.problems.map((p) => p.message)).toEqual([
      'workflow template "workflow-template-print-message" not found',
      'workflow template "workflow-template-inner-steps" not found',
      'workflow template "workflow-template-print-message" not found',
    ]);
    const together = await lintPaths([steps, join(corpus, 'examples/workflow-template/templates.yaml')]);
    expect(together.problems).toEqual([]);
  });
});
