/**
 * Crash safety of the local API server's store: a process SIGKILLed while it
 * makes 1,000 creates and updates (50 in flight, compaction every 300
 * records) loses no acknowledged write, run after run on the same state dir.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '@argo-ts/local';

const WRITER = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'wal-writer.mjs');
const RUNS = 5;

/** Runs the writer, SIGKILLs it once `killAfter` writes are acknowledged; returns the acknowledged version per name. */
function runAndKill(dir: string, start: number, killAfter: number): Promise<{ acked: Map<string, number>; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, number>();
    let count = 0;
    let buf = '';
    let stderr = '';
    let finished = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ack (\S+) (\d+)$/.exec(line);
        if (m) {
          acked.set(m[1]!, Math.max(acked.get(m[1]!) ?? 0, Number(m[2])));
          if (++count === killAfter) child.kill('SIGKILL');
        } else if (line === 'done') finished = true;
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`writer exited ${code}: ${stderr}`));
      else resolve({ acked, finished });
    });
  });
}

describe('store under SIGKILL', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'argo-ts-store-kill-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged write over ${RUNS} kills during 1,000 creates and updates`, async () => {
    const all = new Map<string, number>();
    let killedMidway = 0;
    for (let run = 0; run < RUNS; run++) {
      const killAfter = 50 + Math.floor(Math.random() * 900);
      const { acked, finished } = await runAndKill(dir, run * 1000, killAfter);
      if (!finished) killedMidway++;
      for (const [k, v] of acked) all.set(k, v);
      const store = new Store({ dir });
      try {
        const missing: string[] = [];
        for (const [name, v] of all) {
          const got = Number((store.get('core/configmaps', 'default', name)?.data as { v?: string } | undefined)?.v ?? 0);
          if (got < v) missing.push(`${name}: acknowledged v${v}, found ${got === 0 ? 'nothing' : `v${got}`}`);
        }
        expect(missing).toEqual([]);
      } finally {
        await store.close();
      }
    }
    // Every run must really have been cut short, or the test proves nothing.
    expect(killedMidway).toBe(RUNS);
  }, 120_000);
});
