import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerRun } from './containers.js';
import { EXECUTOR_APP_PATH, executorArgv, executorImageFiles } from './executor-process.js';

describe('executor containers as processes', () => {
  let stateDir: string;
  beforeAll(() => (stateDir = mkdtempSync(join(tmpdir(), 'exec-proc-'))));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  const run = {
    container: { name: 'wait', image: 'argo-ts/argoexec:latest', command: ['argoexec', 'wait'], args: ['--loglevel', '$(LEVEL)'] },
    pod: { metadata: { name: 'wf-1' } },
    env: { ARGO_POD_NAME: 'wf-1', LEVEL: 'info', KUBECONFIG: '/var/run/secrets/kubernetes.io/serviceaccount/kubeconfig' },
    mounts: [
      { hostPath: '/state/pods/x/volumes/var-run-argo', containerPath: '/var/run/argo' },
      { hostPath: '/state/pods/x/serviceaccount', containerPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ],
  } as unknown as ContainerRun;

  it("supplies the image's files where docker/Dockerfile.executor puts them", () => {
    const files = executorImageFiles(stateDir);
    expect(existsSync(join(files.appDir, 'bin', 'argoexec.js'))).toBe(true);
    expect(existsSync(join(files.installRoot, 'node_modules'))).toBe(true);
    expect(readlinkSync(join(files.binDir, 'argoexec'))).toBe(`${EXECUTOR_APP_PATH}/bin/argoexec.js`);
    const s = executorArgv(run, { stateDir }, { hostPath: '/t', containerPath: '/dev/termination-log' }).join(' ');
    expect(s).toContain(`--ro-bind ${files.installRoot} ${files.installRoot}`);
    expect(s).toContain(`--ro-bind ${files.binDir} /usr/local/bin`);
    expect(s).toContain(`--ro-bind ${files.nodeBinary} /usr/local/bin/node`);
    expect(s).toContain(`--symlink ${files.appDir} /app`);
  });

  it("runs exactly the container's argv ($(VAR) expanded), env and mounts, as the image's USER 8737", () => {
    const argv = executorArgv(run, { stateDir }, { hostPath: '/t', containerPath: '/dev/termination-log' });
    const s = argv.join(' ');
    expect(argv.slice(-4)).toEqual(['argoexec', 'wait', '--loglevel', 'info']);
    if (process.getuid?.() === 0) expect(s).toContain('/usr/bin/setpriv --reuid=8737 --regid=0 --clear-groups --');
    expect(s).toContain('--bind /state/pods/x/volumes/var-run-argo /var/run/argo');
    expect(s).toContain('--ro-bind /state/pods/x/serviceaccount /var/run/secrets/kubernetes.io/serviceaccount');
    expect(s).toContain('--bind /t /dev/termination-log');
    expect(s).toContain('--setenv KUBECONFIG /var/run/secrets/kubernetes.io/serviceaccount/kubeconfig');
    expect(s).toContain('--setenv ARGO_POD_NAME wf-1');
    expect(s).not.toContain('ARGO_TERMINATION_LOG');
  });
});
