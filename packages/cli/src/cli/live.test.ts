import { LiveView } from './live.js';
import type { Io } from './io.js';

function sink(isTTY: boolean): Io & { text: () => string } {
  let out = '';
  return { out: (t) => { out += t.endsWith('\n') ? t : `${t}\n`; }, err: () => undefined, isTTY, now: () => new Date(0), text: () => out };
}

describe('LiveView', () => {
  it('on a terminal moves the cursor up over the last frame and clears before redrawing', () => {
    const io = sink(true);
    const v = new LiveView(io);
    v.draw(['a', 'b']);
    v.draw(['a', 'c', 'd']);
    expect(io.text()).toBe('a\nb\n\x1b[2A\x1b[0Ja\nc\nd\n');
  });

  it('appends changed frames separated by a blank line when not a terminal, skipping repeats', () => {
    const io = sink(false);
    const v = new LiveView(io);
    v.draw(['a']);
    v.draw(['a']);
    v.draw(['b']);
    expect(io.text()).toBe('a\n\nb\n');
  });
});
