import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controllerArgs, controllerBin, startControllerProcess } from './controller-process.js';

async function until(what: string, f: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!f()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the controller as its own process', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ctl-proc-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the workflow-controller bin with the flags the Deployment uses, and nothing else in its environment', () => {
    expect(controllerBin()).toMatch(/controller\/bin\/workflow-controller\.js$/);
    expect(controllerArgs({ kubeconfigPath: '/s/kubeconfig', namespace: 'argo', configMapName: 'workflow-controller-configmap' }))
      .toEqual(['--kubeconfig', '/s/kubeconfig', '--namespace', 'argo', '--configmap', 'workflow-controller-configmap', '--metrics-port', '0']);
  });

  it('restarts it when it crashes, logs its output, and stops it with SIGTERM', async () => {
    // A stand-in bin: records its argv and env, crashes on its first run, then runs until SIGTERM.
    const bin = join(dir, 'fake-controller.mjs');
    const runs = join(dir, 'runs');
    writeFileSync(runs, '');
    writeFileSync(bin, `
      import { appendFileSync, readFileSync } from 'node:fs';
      appendFileSync(${JSON.stringify(runs)}, JSON.stringify({ argv: process.argv.slice(2), env: Object.keys(process.env).sort() }) + '\\n');
      const n = readFileSync(${JSON.stringify(runs)}, 'utf8').trim().split('\\n').length;
      process.on('SIGTERM', () => { appendFileSync(${JSON.stringify(runs)}, '"SIGTERM"\\n'); process.exit(0); });
      console.error('started run ' + n);
      if (n === 1) process.exit(3);
      setInterval(() => {}, 1000);
    `);
    const lines: string[] = [];
    const ctl = startControllerProcess({ kubeconfigPath: '/s/kubeconfig', namespace: 'argo', configMapName: 'cm', log: (l) => lines.push(l), bin });
    await until('a restart', () => ctl.starts === 2 && lines.some((l) => l === 'controller: started run 2'));
    expect(lines).toContain('controller: exited (code 3); restarting in 500 ms');
    await ctl.stop();
    const recorded = readFileSync(runs, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(recorded[0]).toEqual({ argv: ['--kubeconfig', '/s/kubeconfig', '--namespace', 'argo', '--configmap', 'cm', '--metrics-port', '0'], env: ['PATH'] });
    expect(recorded.at(-1)).toBe('SIGTERM');
    expect(ctl.pid).toBeUndefined();
    // Stopped for good: no restart after the daemon asked it to stop.
    await new Promise((r) => setTimeout(r, 700));
    expect(ctl.starts).toBe(2);
  });
});
