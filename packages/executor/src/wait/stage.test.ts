import { chmod, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageUnderOriginalName } from './artifacts.js';

describe('stageUnderOriginalName', () => {
  let root: string;
  beforeEach(async () => (root = await mkdtemp(join(tmpdir(), 'stage-'))));
  afterEach(async () => rm(root, { recursive: true, force: true }));

  async function tree(): Promise<string> {
    const copy = join(root, '0');
    await mkdir(join(copy, 'inner'), { recursive: true });
    await writeFile(join(copy, 'inner', 'a.txt'), 'a');
    await chmod(join(copy, 'inner', 'a.txt'), 0o640);
    await symlink('inner/a.txt', join(copy, 'link'));
    return copy;
  }

  it('moves the copy under a folder named for the original path', async () => {
    const copy = await tree();
    const staged = await stageUnderOriginalName(copy, '/outer');
    expect(staged).toBe(join(root, '0.staged', 'outer'));
    expect(await readFile(join(staged, 'inner', 'a.txt'), 'utf8')).toBe('a');
    await expect(stat(copy)).rejects.toThrow(/ENOENT/);
  });

  it("copies instead when the move is refused (a directory main made as another user: wait may not rewrite its '..')", async () => {
    const copy = await tree();
    const refuse = async () => { throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' }); };
    const staged = await stageUnderOriginalName(copy, '/outer', refuse);
    expect(await readFile(join(staged, 'inner', 'a.txt'), 'utf8')).toBe('a');
    expect((await stat(join(staged, 'inner', 'a.txt'))).mode & 0o777).toBe(0o640);
    expect(await readlink(join(staged, 'link'))).toBe('inner/a.txt');
  });

  it('other errors still fail', async () => {
    const copy = await tree();
    const broken = async () => { throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }); };
    await expect(stageUnderOriginalName(copy, '/outer', broken)).rejects.toThrow(/EIO/);
  });
});
