import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { textLayout, type TextModule } from './text-layout.js';

// The real modules, found the way yargs finds them (they are not our dependencies).
const yargsRequire = createRequire(createRequire(import.meta.url).resolve('yargs/package.json'));
const cliuiRequire = createRequire(yargsRequire.resolve('cliui'));
const modules = new Map<TextModule, (...a: unknown[]) => any>();
beforeAll(async () => {
  for (const name of ['string-width', 'strip-ansi', 'wrap-ansi'] as const) {
    modules.set(name, (await import(pathToFileURL(cliuiRequire.resolve(name)).href)).default);
  }
});
const real = (name: TextModule) => modules.get(name)!;

// A deterministic generator of ASCII text with the shapes wrapping cares about.
function* samples(): Generator<string> {
  let seed = 42;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const pieces = ['a', 'bb', 'word', 'longerword', 'averyveryverylongunbrokenword', ' ', '  ', '\n', '--flag', '[string]', '(e.g. 10m, 3h)'];
  yield '';
  yield '   ';
  yield ' lead and trail ';
  for (let i = 0; i < 400; i++) {
    let s = '';
    const n = 1 + rnd(14);
    for (let j = 0; j < n; j++) s += pieces[rnd(pieces.length)];
    yield s;
  }
}

describe('textLayout', () => {
  const loaded: TextModule[] = [];
  const layout = textLayout((name) => { loaded.push(name); return real(name); });

  it('wraps plain ASCII exactly as wrap-ansi does, without loading it', () => {
    const wrapAnsi = real('wrap-ansi');
    const mismatches: unknown[] = [];
    let compared = 0;
    for (const s of samples()) {
      for (const columns of [1, 2, 5, 8, 13, 40, 80]) {
        for (const hard of [true, false]) {
          const want = wrapAnsi(s, columns, { hard });
          const got = layout.wrap(s, columns, { hard });
          compared++;
          if (got !== want) mismatches.push({ s, columns, hard, got, want });
        }
      }
    }
    expect(compared).toBeGreaterThan(5000);
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(loaded).toEqual([]);
  });

  it('measures and strips plain ASCII as string-width and strip-ansi do, without loading them', () => {
    for (const s of samples()) {
      if (s.includes('\n')) continue;
      expect(layout.stringWidth(s)).toBe(real('string-width')(s));
      expect(layout.stripAnsi(s)).toBe(real('strip-ansi')(s));
    }
    expect(loaded).toEqual([]);
  });

  it('hands other text to the real modules', () => {
    expect(layout.stringWidth('日本')).toBe(4);
    expect(layout.stripAnsi('\u001b[31mred\u001b[39m')).toBe('red');
    expect(layout.wrap('\u001b[31mred words\u001b[39m', 3, { hard: true })).toBe(real('wrap-ansi')('\u001b[31mred words\u001b[39m', 3, { hard: true }));
    expect(loaded.sort()).toEqual(['string-width', 'strip-ansi', 'wrap-ansi']);
  });
});
