/**
 * Mutexes and semaphores end to end on the embedded local cluster: real
 * pods, the real controller and its lock manager, driven by the CLI.
 */
import { jest } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalClusterRun } from './local-cluster-harness.js';

jest.setTimeout(240_000);
const data = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const run = new LocalClusterRun({ prefix: 'argo-cli-sync-', killAfterMs: 200_000 });
const argo = (args: string[]) => run.argo(args);
const getJson = (name: string) => run.getJson(name);

async function submit(file: string): Promise<string> {
  const r = await argo(['submit', join(data, file), '-o', 'name']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

/** The most intervals [from, to) that contain one instant. */
function mostAtOnce(spans: { from: string; to: string }[]): number {
  return Math.max(...spans.map((s) => spans.filter((o) => o.from <= s.from && s.from < o.to).length));
}

describe('synchronization on the local cluster', () => {
  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('three workflows sharing a workflow-level mutex never overlap and all succeed', async () => {
    const names = await Promise.all([1, 2, 3].map(() => submit('sync-mutex-wf.yaml')));
    const waited = await Promise.all(names.map((n) => argo(['wait', n])));
    for (const w of waited) expect(w.code).toBe(0);
    const wfs = await Promise.all(names.map(getJson));
    for (const wf of wfs) {
      expect(wf.status.phase).toBe('Succeeded');
      expect(wf.status.synchronization).toBeUndefined();
    }
    const spans = wfs.map((wf) => ({ from: wf.status.startedAt as string, to: wf.status.finishedAt as string })).sort((a, b) => a.from.localeCompare(b.from));
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.from >= spans[i - 1]!.to).toBe(true);
  });

  it('a semaphore of limit 2 runs at most 2 of 4 template-level nodes at once', async () => {
    const res = await fetch(`${run.cluster.adminApiUrl}/api/v1/namespaces/default/configmaps`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sync-limits' }, data: { tmpl: '2' } }),
    });
    expect(res.status).toBe(201);
    const name = await submit('sync-semaphore-tmpl.yaml');
    const waiting = async (): Promise<any> => {
      for (let i = 0; i < 60; i++) {
        const wf = await getJson(name);
        const node = Object.values(wf.status?.nodes ?? {}).find((n: any) => n.synchronizationStatus?.waiting);
        if (node) return node;
        if (wf.status?.phase === 'Succeeded') return undefined;
        await new Promise((r) => setTimeout(r, 200));
      }
      return undefined;
    };
    const seen = await waiting();
    expect(seen).toMatchObject({
      type: 'Pod', phase: 'Pending',
      message: 'Waiting for default/ConfigMap/sync-limits/tmpl lock. Lock status: 0/2',
      synchronizationStatus: { waiting: 'default/ConfigMap/sync-limits/tmpl' },
    });
    expect((await argo(['wait', name])).code).toBe(0);
    const wf = await getJson(name);
    expect(wf.status.phase).toBe('Succeeded');
    const pods = Object.values(wf.status.nodes).filter((n: any) => n.type === 'Pod') as any[];
    expect(pods).toHaveLength(4);
    for (const p of pods) expect(p.phase).toBe('Succeeded');
    expect(mostAtOnce(pods.map((p) => ({ from: p.startedAt, to: p.finishedAt })))).toBe(2);
  });
});
