/**
 * The semantic checks never throw, whatever shape reaches them: corpus
 * workflows with subtrees swapped for values of other types are linted with
 * schema validation switched off, so every check sees malformed data.
 */
import { join } from 'node:path';
import { loadPaths } from '../yaml/files.js';
import { lintObjects } from './index.js';

// Set by jest.preset.js: ../shared/argo-compat beside the repository root.
const corpus = join(process.env.ARGO_COMPAT_DIR!, 'examples');
const ODD_VALUES: unknown[] = [null, 7, 'text {{item}} {{steps.x.outputs.result}}', [], {}, [null, 1, 'x'], { steps: 'x' }, true];

/** Deterministic pseudo-random numbers so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function mutate(value: unknown, rand: () => number, depth = 0): unknown {
  if (depth > 0 && rand() < 0.08) return ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)];
  if (Array.isArray(value)) return value.map((v) => mutate(v, rand, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, depth < 2 && k !== 'spec' ? v : mutate(v, rand, depth + 1)]));
  }
  return value;
}

describe('lint robustness', () => {
  it('never throws on malformed objects', async () => {
    const { documents } = await loadPaths([corpus]);
    const objects = documents.map((d) => d.object);
    expect(objects.length).toBeGreaterThan(90);
    let problems = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rand = rng(seed);
      const mutated = objects.map((o) => mutate(o, rand) as Record<string, unknown>);
      const result = lintObjects(mutated, { schemaFor: () => undefined });
      problems += result.problems.length;
    }
    // The mutations must actually reach the checks, or this test proves nothing.
    expect(problems).toBeGreaterThan(100);
  });
});
