/**
 * End to end on the embedded local cluster (API server, kubelet, controller
 * in this process): workflows really run, and the CLI drives them as a
 * subprocess.
 */
import { jest } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalClusterRun } from './local-cluster-harness.js';
import { cliKubeClient } from '../kube/http.js';
import { resolveConnection } from '../kube/kubeconfig.js';
import { Resources, resourcePath } from '../kube/resources.js';

jest.setTimeout(180_000);
const here = dirname(fileURLToPath(import.meta.url));
const examples = join(here, '..', '..', '..', '..', 'examples');
const data = join(here, 'testdata');
const run = new LocalClusterRun({ prefix: 'argo-cli-local-', killAfterMs: 150_000 });
const argo = (args: string[]) => run.argo(args);
const getJson = (name: string) => run.getJson(name);

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('argo on the local cluster', () => {
  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('submit --watch runs steps and a DAG to Succeeded and shows the tree', async () => {
    const r = await argo(['submit', '--watch', join(examples, 'steps-and-dag.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const last = r.stdout.slice(r.stdout.lastIndexOf('Name:'));
    expect(last).toMatch(/^Status: {14}Succeeded$/m);
    expect(last).toMatch(/^ ├───✔ produce\s+produce\s+steps-and-dag-\w+-produce-\d+/m);
    expect(last).toMatch(/^ {5}└─✔ D\s+print\s/m);
    const logs = await argo(['logs', '@latest']);
    expect(logs.stdout).toMatch(/-print-\d+: A\n(.*\n)*.*-print-\d+: D\n/);
  });

  it('a suspended workflow waits until resumed from another process', async () => {
    const sub = await argo(['submit', join(data, 'suspend.yaml'), '-o', 'name']);
    expect(sub.code).toBe(0);
    const name = sub.stdout.trim();
    const waiting = argo(['wait', name]);
    await until('the suspend node', async () => {
      const wf = await getJson(name);
      return Object.values(wf.status?.nodes ?? {}).some((n: any) => n.type === 'Suspend' && n.phase === 'Running') ? true : undefined;
    });
    const view = await argo(['get', name]);
    expect(view.stdout).toMatch(/ǁ approve/);
    expect((await argo(['resume', name])).code).toBe(0);
    const done = await waiting;
    expect(done.stdout).toMatch(new RegExp(`^${name} Succeeded at `));
    expect(done.code).toBe(0);
    expect((await argo(['logs', name])).stdout).toMatch(/: before\n.*: after\n/);
  });

  it('argo node set supplies a suspended node\'s output, which the next step uses after resume', async () => {
    const name = (await argo(['submit', join(data, 'approval.yaml'), '-o', 'name'])).stdout.trim();
    await until('the approval node', async () => {
      const wf = await getJson(name);
      return Object.values(wf.status?.nodes ?? {}).some((n: any) => n.type === 'Suspend' && n.phase === 'Running') ? true : undefined;
    });
    const wrong = await argo(['node', 'set', name, '--output-parameter', 'nope=1', '--node-field-selector', 'displayName=approve']);
    expect({ code: wrong.code, err: wrong.stderr.trim() }).toEqual({ code: 1, err: "Error: node is not expecting output parameter 'nope'" });
    const set = await argo(['node', 'set', name, '--output-parameter', 'answer=yes, ship it', '--node-field-selector', 'displayName=approve']);
    expect({ code: set.code, out: set.stdout }).toEqual({ code: 0, out: 'workflow values set\n' });
    const again = await argo(['node', 'set', name, '-p', 'answer=no', '--node-field-selector', 'displayName=approve']);
    expect(again.stderr.trim()).toBe("Error: cannot set output parameter 'answer' because it does not use valueFrom.raw or it was already set");
    expect((await argo(['resume', name])).code).toBe(0);
    const done = await argo(['wait', name]);
    expect(done.stdout).toMatch(new RegExp(`^${name} Succeeded at `));
    expect((await argo(['logs', name])).stdout).toMatch(/: answer: yes, ship it\n/);
    expect((await getJson(name)).status.outputs.parameters).toEqual([{ name: 'approval', value: 'yes, ship it' }]);
  });

  async function stopped(verb: 'stop' | 'terminate'): Promise<{ name: string; wf: any }> {
    const name = (await argo(['submit', join(data, 'exit-handler.yaml'), '-o', 'name'])).stdout.trim();
    await until('the main pod to run', async () => ((await getJson(name)).status?.nodes?.[name]?.phase === 'Running' ? true : undefined));
    expect((await argo([verb, name])).code).toBe(0);
    const waited = await argo(['wait', name]);
    expect(waited.code).toBe(1);
    expect(waited.stdout).toMatch(new RegExp(`^${name} (Failed|Error) at `));
    return { name, wf: await getJson(name) };
  }

  it('stop and terminate end a running workflow through spec.shutdown; terminate skips the exit handler', async () => {
    const s = await stopped('stop');
    expect(s.wf.spec.shutdown).toBe('Stop');
    const t = await stopped('terminate');
    expect(t.wf.spec.shutdown).toBe('Terminate');
    const onExit = Object.values(t.wf.status.nodes).find((n: any) => n.name === `${t.name}.onExit`) as any;
    expect(onExit === undefined || onExit.phase !== 'Succeeded').toBe(true);
  });

  // Argo runs exit handlers after `argo stop`; the controller currently fails
  // the exit handler with "Stopped with strategy 'Stop'" (reported to the
  // controller's owner). Enable when that is fixed.
  it('stop lets the exit handler run to Succeeded', async () => {
    const s = await stopped('stop');
    const onExit = Object.values(s.wf.status.nodes).find((n: any) => n.name === `${s.name}.onExit`) as any;
    expect(onExit?.phase).toBe('Succeeded');
  });

  it('retry with -p re-runs only the failed step; resubmit starts a new workflow', async () => {
    const first = await argo(['submit', '--wait', join(data, 'flaky.yaml')]);
    expect(first.code).toBe(1);
    const name = /^(flaky-\w+) Failed at/m.exec(first.stdout)![1]!;
    const before = await getJson(name);
    const okNode = Object.values(before.status.nodes).find((n: any) => n.displayName === 'ok') as any;
    const retried = await argo(['retry', name, '-p', 'code=0', '--wait']);
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    const after = await getJson(name);
    expect(after.status.phase).toBe('Succeeded');
    const okAfter = Object.values(after.status.nodes).find((n: any) => n.displayName === 'ok') as any;
    expect(okAfter.startedAt).toBe(okNode.startedAt);

    const re = await argo(['resubmit', name, '--wait', '-o', 'name']);
    expect(re.code).toBe(0);
    const newName = re.stdout.split('\n')[0]!.trim();
    expect(newName).not.toBe(name);
    expect((await getJson(newName)).metadata.labels['workflows.argoproj.io/resubmitted-from-workflow']).toBe(name);
  });
  it('a node status past 1 MB is stored compressed, and `argo get` shows every node with its result', async () => {
    const r = await argo(['submit', '--wait', join(data, 'large-status.yaml'), '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const name = r.stdout.split('\n')[0]!.trim();
    // Read as stored, past the CLI's API layer (which hands commands the nodes decompressed).
    const raw = await cliKubeClient(await resolveConnection({ kubeconfig: run.cluster.kubeconfigPath }))
      .json<{ status: { phase: string; nodes?: unknown; compressedNodes?: string } }>({ method: 'GET', path: resourcePath(Resources.workflow, 'default', name), what: 'get raw' });
    expect(raw.status.phase).toBe('Succeeded');
    expect(raw.status.nodes).toBeUndefined();
    expect(raw.status.compressedNodes).toEqual(expect.any(String));
    const wf = await getJson(name);
    const pods = Object.values(wf.status.nodes).filter((n: any) => n.type === 'Pod') as any[];
    expect(pods.map((n) => n.outputs.result.length).sort()).toEqual([250002, 250002, 250002, 250002, 250002]);
    const shown = await argo(['get', name]);
    expect(shown.code).toBe(0);
    for (let i = 1; i <= 5; i++) expect(shown.stdout).toMatch(new RegExp(`big\\(${i - 1}:${i}\\)`));
  });
});
