/**
 * Pods outlive the daemon (issue 14, finding 8): the local cluster's daemon
 * (API server, kubelet, controller in one process) SIGKILLed while pods run
 * and started again finishes every workflow as if nothing happened: the
 * running containers go on under their shims and are adopted, those that
 * ended meanwhile are collected, one pod per node, logs intact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, until, killDaemon, startDaemon, stopDaemon, type Daemon, type ExecutorMode } from './daemon.js';

const NS = 'default';
const WF = `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows`;
const RANDOM_RUNS = 10;

interface Node { id: string; type: string; phase: string; displayName: string; message?: string; outputs?: { parameters?: { name: string; value: string }[] } }

function sleeper(name: string): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 'sleep', template: 'sleep' }], [{ name: 'after', template: 'after' }]] },
        { name: 'sleep', container: { image: 'alpine', command: ['sh', '-c', 'echo start; sleep 4; echo end'] } },
        { name: 'after', container: { image: 'alpine', command: ['sh', '-c', 'echo after'] } },
      ],
    },
  };
}

/** Steps, a DAG, a loop, a retry (attempt 0 fails on purpose) and an artifact passed between steps: 10 pods. */
function mixed(name: string): Record<string, unknown> {
  const echo = (v: string) => ({ name: 'v', value: v });
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main', steps: [
            [{ name: 'make', template: 'make' }],
            [
              { name: 'use', template: 'use', arguments: { artifacts: [{ name: 'in', from: '{{steps.make.outputs.artifacts.out}}' }] } },
              { name: 'loop', template: 'echo', arguments: { parameters: [echo('{{item}}')] }, withItems: ['a', 'b', 'c'] },
              { name: 'flaky', template: 'flaky' },
            ],
            [{ name: 'dag', template: 'dag' }],
          ],
        },
        {
          name: 'dag', dag: {
            tasks: [
              { name: 'A', template: 'echo', arguments: { parameters: [echo('A')] } },
              { name: 'B', template: 'echo', dependencies: ['A'], arguments: { parameters: [echo('B')] } },
              { name: 'C', template: 'echo', dependencies: ['A'], arguments: { parameters: [echo('C')] } },
            ],
          },
        },
        {
          name: 'make', container: { image: 'alpine', command: ['sh', '-c', 'sleep 1; printf payload > /tmp/out.txt'] },
          outputs: { artifacts: [{ name: 'out', path: '/tmp/out.txt' }] },
        },
        {
          name: 'use', inputs: { artifacts: [{ name: 'in', path: '/tmp/in.txt' }] },
          container: { image: 'alpine', command: ['sh', '-c', 'sleep 1; cat /tmp/in.txt > /tmp/got.txt'] },
          outputs: { parameters: [{ name: 'got', valueFrom: { path: '/tmp/got.txt' } }] },
        },
        { name: 'echo', inputs: { parameters: [{ name: 'v' }] }, container: { image: 'alpine', command: ['sh', '-c', 'sleep 0.5; echo {{inputs.parameters.v}}'] } },
        { name: 'flaky', retryStrategy: { limit: 2 }, container: { image: 'alpine', command: ['sh', '-c', 'sleep 0.5; test {{retries}} -ge 1'] } },
      ],
    },
  };
}


async function finished(d: Daemon, stateDir: string, name: string, ms: number): Promise<any> {
  return until(async () => {
    const wf = await api(d, stateDir, 'GET', `${WF}/${name}`);
    return ['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase) ? wf : undefined;
  }, ms, `workflow ${name} to finish`);
}

async function podsOf(d: Daemon, stateDir: string, name: string): Promise<any[]> {
  const pods = await api(d, stateDir, 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(`workflows.argoproj.io/workflow=${name}`)}`);
  return pods.items;
}

/** One pod per Pod node, none left Pending or Running. */
async function expectOnePodPerNode(d: Daemon, stateDir: string, wf: any): Promise<void> {
  const podNodes = Object.values(wf.status.nodes as Record<string, Node>).filter((n) => n.type === 'Pod');
  const pods = await podsOf(d, stateDir, wf.metadata.name);
  const byNode = pods.map((p) => p.metadata.annotations['workflows.argoproj.io/node-id']).sort();
  expect(byNode).toEqual(podNodes.map((n) => n.id).sort());
  expect(pods.filter((p) => p.status.phase === 'Running' || p.status.phase === 'Pending').map((p) => p.metadata.name)).toEqual([]);
  expect(podNodes.filter((n) => n.phase === 'Running' || n.phase === 'Pending').map((n) => n.displayName)).toEqual([]);
}

describe.each<ExecutorMode>(['in-process', 'process'])('a daemon SIGKILLed while a pod runs (executor %s)', (executor) => {
  let stateDir: string;
  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-daemon-kill-'));
  });
  afterAll(async () => {
    await stopDaemon(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('is started again and the workflow Succeeds, one pod per node, the running step\'s log intact', async () => {
    let d = await startDaemon(stateDir, executor);
    const name = 'sleeper';
    await api(d, stateDir, 'POST', WF, sleeper(name));
    // Kill once the sleeping step's main container has printed its first line.
    const pod = await until(async () => {
      const p = (await podsOf(d, stateDir, name))[0];
      if (!p || p.status?.phase !== 'Running') return undefined;
      const log = await api(d, stateDir, 'GET', `/api/v1/namespaces/${NS}/pods/${p.metadata.name}/log?container=main`);
      return log.includes('start') ? p.metadata.name as string : undefined;
    }, 60_000, 'the sleeping step to run');
    await killDaemon(d);
    d = await startDaemon(stateDir, executor);
    const wf = await finished(d, stateDir, name, 60_000);
    const failures = Object.values(wf.status.nodes as Record<string, Node>).filter((n) => n.phase !== 'Succeeded').map((n) => `${n.displayName}: ${n.phase} ${n.message ?? ''}`);
    expect({ phase: wf.status.phase, failures }).toEqual({ phase: 'Succeeded', failures: [] });
    await expectOnePodPerNode(d, stateDir, wf);
    // Exactly once: the container was adopted, not started again.
    expect(await api(d, stateDir, 'GET', `/api/v1/namespaces/${NS}/pods/${pod}/log?container=main`)).toBe('start\nend\n');
  }, 180_000);
});

describe('a daemon SIGKILLed at random points', () => {
  let stateDir: string;
  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-daemon-kill-random-'));
  });
  afterAll(async () => {
    await stopDaemon(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it(`finishes a workflow of steps, a DAG, a loop, a retry and an artifact with the right outputs, ${RANDOM_RUNS} times`, async () => {
    let d = await startDaemon(stateDir, 'in-process');
    let killedWhileRunning = 0;
    for (let run = 0; run < RANDOM_RUNS; run++) {
      const name = `mixed-${run}`;
      await api(d, stateDir, 'POST', WF, mixed(name));
      // Even runs kill at a uniformly random time (which may fall between pods, while
      // only the controller works); odd runs kill at a random moment while a pod runs,
      // after a random number of the 10 pods ended, so adoption is always exercised
      // whatever the machine's speed.
      let killAfterMs: number | string;
      if (run % 2 === 0) {
        const ms = 300 + Math.random() * 7000;
        killAfterMs = ms;
        await new Promise((r) => setTimeout(r, ms));
      } else {
        const ended = Math.floor(Math.random() * 9);
        killAfterMs = `after ${ended} pods ended, while one runs`;
        await until(async () => {
          const pods = await podsOf(d, stateDir, name);
          const done = pods.filter((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed').length;
          return done >= ended && pods.some((p) => p.status?.phase === 'Running') ? true : undefined;
        }, 60_000, `${ended} pods of ${name} to end and one to run`);
      }
      const running = (await podsOf(d, stateDir, name)).filter((p) => p.status?.phase === 'Running').length;
      await killDaemon(d);
      if (running > 0) killedWhileRunning++;
      d = await startDaemon(stateDir, 'in-process');
      const wf = await finished(d, stateDir, name, 120_000);
      const nodes = Object.values(wf.status.nodes as Record<string, Node>);
      const failures = nodes.filter((n) => n.phase !== 'Succeeded' && !/^flaky\(0\)$/.test(n.displayName)).map((n) => `${n.displayName}: ${n.phase} ${n.message ?? ''}`);
      expect({ run, killAfterMs, phase: wf.status.phase, failures }).toEqual({ run, killAfterMs, phase: 'Succeeded', failures: [] });
      const byName = (display: string) => nodes.filter((n) => n.displayName === display && n.type === 'Pod');
      expect(byName('use')[0]?.outputs?.parameters).toEqual([{ name: 'got', value: 'payload', valueFrom: { path: '/tmp/got.txt' } }]);
      expect(byName('flaky(0)').map((n) => n.phase)).toEqual(['Failed']);
      expect(byName('flaky(1)').map((n) => n.phase)).toEqual(['Succeeded']);
      expect(nodes.filter((n) => n.type === 'Pod')).toHaveLength(10);
      await expectOnePodPerNode(d, stateDir, wf);
    }
    // Most kills must land while a pod runs, or this proves nothing about adoption.
    expect(killedWhileRunning).toBeGreaterThanOrEqual(RANDOM_RUNS / 2);
  }, 540_000);
});
