/**
 * Kubernetes `$(VAR)` expansion for command, args and env values: a defined
 * variable is replaced, an undefined reference is kept verbatim, and `$$`
 * escapes a literal `$` (so `$$(VAR)` yields `$(VAR)`).
 */
export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      i++;
      continue;
    }
    const next = input[i + 1]!;
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close + 1;
    } else {
      out += ch + next;
      i += 2;
    }
  }
  return out;
}
