/**
 * Help-layout text functions (string width, ANSI stripping, word wrap) with
 * exact plain-ASCII versions for the text argo's help is made of, falling
 * back to the real modules (string-width, strip-ansi, wrap-ansi) for anything
 * else. Loading those modules costs ~40 ms of cold start, and yargs lays out
 * a command's help text on every run, not only when it prints it.
 */
export interface TextLayout {
  stringWidth(s: string): number;
  stripAnsi(s: string): string;
  wrap(s: string, columns: number, options?: { hard?: boolean }): string;
}

export type TextModule = 'string-width' | 'strip-ansi' | 'wrap-ansi';

// Printable ASCII: every character is one terminal column wide, none is an escape.
const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * wrap-ansi's algorithm (trim on, word wrap on) for one printable-ASCII line,
 * where a character's width is 1 and no escape sequence needs carrying over.
 */
export function wrapPlainLine(line: string, columns: number, hard: boolean): string {
  if (line.trim() === '') return '';
  const rows = [''];
  const words = line.split(' ');
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    rows[rows.length - 1] = rows[rows.length - 1]!.trimStart();
    let rowLength = rows[rows.length - 1]!.length;
    if (index !== 0 && rowLength > 0) {
      rows[rows.length - 1] += ' ';
      rowLength++;
    }
    if (hard && word.length > columns) {
      const breaksStartingThisLine = 1 + Math.floor((word.length - (columns - rowLength) - 1) / columns);
      const breaksStartingNextLine = Math.floor((word.length - 1) / columns);
      if (breaksStartingNextLine < breaksStartingThisLine) rows.push('');
      breakWord(rows, word, columns);
      continue;
    }
    if (rowLength + word.length > columns && rowLength > 0 && word.length > 0) rows.push('');
    rows[rows.length - 1] += word;
  }
  return rows.map((r) => r.replace(/ +$/, '')).join('\n');
}

/** Splits a word longer than a row across rows, filling the current one first. */
function breakWord(rows: string[], word: string, columns: number): void {
  let visible = rows[rows.length - 1]!.length;
  for (let i = 0; i < word.length; i++) {
    if (visible + 1 <= columns) rows[rows.length - 1] += word[i];
    else {
      rows.push(word[i]!);
      visible = 0;
    }
    visible++;
    if (visible === columns && i < word.length - 1) {
      rows.push('');
      visible = 0;
    }
  }
}

/** `load(name)` returns a module's default export; it is called only when the ASCII versions do not apply. */
export function textLayout(load: (name: TextModule) => unknown): TextLayout {
  let width: ((s: string) => number) | undefined;
  let strip: ((s: string) => string) | undefined;
  let wrap: TextLayout['wrap'] | undefined;
  return {
    stringWidth: (s) => (PRINTABLE.test(s) ? s.length : (width ??= load('string-width') as typeof width)!(s)),
    // ANSI escape sequences all start with ESC or the 8-bit CSI.
    stripAnsi: (s) => (!s.includes('\u001b') && !s.includes('\u009b') ? s : (strip ??= load('strip-ansi') as typeof strip)!(s)),
    wrap: (s, columns, options) => {
      const plain = (options === undefined || Object.keys(options).every((k) => k === 'hard')) && s.split('\n').every((l) => PRINTABLE.test(l));
      if (plain) return s.split('\n').map((l) => wrapPlainLine(l, columns, Boolean(options?.hard))).join('\n');
      return (wrap ??= load('wrap-ansi') as typeof wrap)!(s, columns, options);
    },
  };
}
