/**
 * A view that is redrawn as the object changes: on a terminal the previous
 * frame is overwritten (cursor up, clear to end of screen); otherwise each
 * changed frame is appended, separated by a blank line.
 */
import type { Io } from './io.js';

export class LiveView {
  private lastLines = 0;
  private lastText = '';

  constructor(private readonly io: Io, private readonly tty = io.isTTY) {}

  draw(lines: string[]): void {
    const text = lines.join('\n');
    if (text === this.lastText) return;
    if (this.tty) {
      const erase = this.lastLines > 0 ? `\x1b[${this.lastLines}A\x1b[0J` : '';
      this.io.out(`${erase}${text}`);
    } else {
      this.io.out(this.lastText ? `\n${text}` : text);
    }
    this.lastText = text;
    this.lastLines = lines.length;
  }
}
