/**
 * Argo rules beyond the sample corpus (issue 13), end to end on the embedded
 * local cluster through the CLI: workflows written for these rules in
 * testdata/semantics/, each asserting Argo's phases and messages.
 */
import { jest } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalClusterRun } from './local-cluster-harness.js';

jest.setTimeout(240_000);
const data = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'semantics');
const run = new LocalClusterRun({ prefix: 'argo-cli-sem-', stateSubdir: 'state', killAfterMs: 200_000 });

interface Node { displayName: string; type: string; phase: string; message?: string }
interface Wf { status: { phase: string; message?: string; nodes: Record<string, Node> } }

/** Submits and waits; returns the workflow as `argo get -o json` shows it, and its logs. */
async function submit(file: string): Promise<{ wf: Wf; name: string; logs: string; watch: string }> {
  const r = await run.argo(['submit', '--watch', join(data, file)]);
  const last = r.stdout.slice(r.stdout.lastIndexOf('Name:'));
  const name = /^Name:\s+(\S+)$/m.exec(last)?.[1];
  if (!name) throw new Error(`no workflow name in: ${r.stdout}\n${r.stderr}`);
  const logs = await run.argo(['logs', name]);
  return { wf: await run.getJson<Wf>(name), name, logs: logs.stdout, watch: last };
}
const nodes = (wf: Wf, displayName: string) => Object.values(wf.status.nodes).filter((n) => n.displayName === displayName);

describe('Argo semantics on the local cluster', () => {
  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('substitutes variables inside artifact locations (output keys from inputs, input keys from a loop item)', async () => {
    const { wf, logs } = await submit('artifact-vars.yaml');
    expect(wf.status.phase).toBe('Succeeded');
    // Each loop pod read its part twice (by item and by input) and its raw data once.
    for (const n of ['a', 'b']) {
      expect(logs.split('\n').filter((l) => l.endsWith(`: part-${n}`))).toHaveLength(2);
      expect(logs.split('\n').filter((l) => l.endsWith(`: raw-${n}`))).toHaveLength(1);
    }
  });

  it('substitutes the workflow-level podSpecPatch and merges volumeMounts by mountPath', async () => {
    const { wf, logs } = await submit('podspecpatch.yaml');
    expect(wf.status.phase).toBe('Succeeded');
    expect(logs).toMatch(/same/);
  });

  it('runs consumers of an optional artifact that was not produced (steps and DAG)', async () => {
    const { wf, logs } = await submit('optional-artifacts.yaml');
    expect(Object.values(wf.status.nodes).filter((n) => n.phase !== 'Succeeded').map((n) => `${n.displayName}: ${n.message}`)).toEqual([]);
    expect(wf.status.phase).toBe('Succeeded');
    expect(nodes(wf, 'consume-artifact').map((n) => n.phase)).toEqual(['Succeeded', 'Succeeded']);
    expect(logs.match(/ran without message/g)).toHaveLength(2);
  });

  it("errors a consumer of a skipped task's output with Argo's absent optional message, and the workflow", async () => {
    const { wf } = await submit('absent-optional.yaml');
    expect(nodes(wf, 'producer').map((n) => n.phase)).toEqual(['Skipped']);
    const [consumer] = nodes(wf, 'consumer');
    expect(consumer!.phase).toBe('Error');
    expect(consumer!.message).toContain('absent optional');
    expect(wf.status.phase).toBe('Error');
  });

  it('creates a workingDir the image lacks', async () => {
    const { wf, logs } = await submit('working-dir.yaml');
    expect(wf.status.phase).toBe('Succeeded');
    expect(logs).toMatch(/\/sem\/work\/dir\n[\s\S]*made-here/);
  });
});
