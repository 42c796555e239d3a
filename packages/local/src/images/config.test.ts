import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { applyImageConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'argo-imgcfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = join(dir, 'l1');
mkdirSync(join(base, 'etc'), { recursive: true });
writeFileSync(join(base, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1234:2345:app:/home/app:/bin/sh\n');
writeFileSync(join(base, 'etc', 'group'), 'root:x:0:\napp:x:2345:\nstaff:x:50:\n');

const config = { config: { Entrypoint: ['/ep'], Cmd: ['c1', 'c2'], Env: ['PATH=/img/bin', 'A=image', 'B=image'], WorkingDir: '/w', User: 'app' } };
const c = (extra: Partial<V1Container> = {}): V1Container => ({ name: 'main', image: 'x', ...extra });
const pod: V1Pod = { spec: { containers: [] } };

describe('applyImageConfig', () => {
  it.each([
    ['neither: ENTRYPOINT + CMD', undefined, undefined, ['/ep', 'c1', 'c2']],
    ['args: ENTRYPOINT + args', undefined, ['a'], ['/ep', 'a']],
    ['command: command only (CMD dropped)', ['/cmd'], undefined, ['/cmd']],
    ['both: command + args', ['/cmd'], ['a'], ['/cmd', 'a']],
  ])('%s', (_t, command, args, argv) => {
    expect(applyImageConfig(config, c(), pod, {}, command, args, [base]).argv).toEqual(argv);
  });

  it('puts the image ENV under the container env, resolves USER and WORKDIR', () => {
    const a = applyImageConfig(config, c(), pod, { B: 'container' }, undefined, undefined, [base]);
    expect(a.env).toEqual({ PATH: '/img/bin', A: 'image', B: 'container', HOME: '/home/app' });
    expect(a.user).toEqual({ uid: 1234, gid: 2345 });
    expect(a.workingDir).toBe('/w');
    expect(applyImageConfig(config, c({ workingDir: '/mine' }), pod, {}, undefined, undefined, [base]).workingDir).toBe('/mine');
  });

  it('reads user:group forms and lets securityContext win', () => {
    const withUser = (User: string) => applyImageConfig({ config: { ...config.config, User } }, c(), pod, {}, undefined, undefined, [base]).user;
    expect(withUser('app:staff')).toEqual({ uid: 1234, gid: 50 });
    expect(withUser('999')).toEqual({ uid: 999, gid: 0 });
    expect(withUser('0')).toBeUndefined();
    expect(applyImageConfig(config, c({ securityContext: { runAsUser: 77 } }), pod, {}, undefined, undefined, [base]).user).toEqual({ uid: 77, gid: 2345 });
    expect(() => withUser('nobody-here')).toThrow('container main: unable to find user nobody-here: no matching entries in passwd file');
  });

  it('refuses a container with nothing to run', () => {
    expect(() => applyImageConfig({ config: {} }, c(), pod, {}, undefined, undefined, [base])).toThrow('container main: no command specified and the image has no ENTRYPOINT or CMD');
  });
});
