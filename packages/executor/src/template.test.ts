import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Env } from '@argo-ts/spec';
import { templateOf } from './template.js';

describe('templateOf', () => {
  let root: string;
  beforeEach(async () => (root = await mkdtemp(join(tmpdir(), 'tmpl-'))));
  afterEach(async () => rm(root, { recursive: true, force: true }));
  const resolvePath = (p: string) => join(root, p);

  it('reads ARGO_TEMPLATE from the environment', async () => {
    expect(await templateOf({ env: { [Env.template]: '{"name":"a"}' }, resolvePath })).toEqual({ name: 'a' });
  });

  it('reads an offloaded template from /argo/config/ARGO_TEMPLATE (the ConfigMap the controller mounts)', async () => {
    await mkdir(join(root, 'argo/config'), { recursive: true });
    await writeFile(join(root, 'argo/config/ARGO_TEMPLATE'), JSON.stringify({ name: 'big', script: { source: 'x'.repeat(200_000) } }));
    const t = await templateOf({ env: { [Env.template]: 'offloaded' }, resolvePath });
    expect(t.name).toBe('big');
    expect(t.script?.source).toHaveLength(200_000);
  });

  it('says which file is missing when the template was offloaded but not mounted', async () => {
    await expect(templateOf({ env: { [Env.template]: 'offloaded' }, resolvePath })).rejects.toThrow(
      /env ARGO_TEMPLATE is "offloaded" but \/argo\/config\/ARGO_TEMPLATE cannot be read: ENOENT/,
    );
  });

  it('names the file in a parse error of an offloaded template', async () => {
    await mkdir(join(root, 'argo/config'), { recursive: true });
    await writeFile(join(root, 'argo/config/ARGO_TEMPLATE'), '{not json');
    await expect(templateOf({ env: { [Env.template]: 'offloaded' }, resolvePath })).rejects.toThrow(/^\/argo\/config\/ARGO_TEMPLATE: is not valid JSON/);
  });
});
