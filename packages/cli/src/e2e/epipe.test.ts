import { spawn } from 'node:child_process';
import { BIN } from './harness.js';

// `argo ... | head -1`: the reader closes the pipe early; argo must end quietly.
it('ends with status 0 and no stack trace when stdout is closed early', async () => {
  const child = spawn(process.execPath, [BIN, 'completion', 'bash'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += String(d); });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
}, 30_000);
