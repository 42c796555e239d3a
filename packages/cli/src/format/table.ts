/**
 * Column alignment like Go's tabwriter: each column as wide as its widest
 * cell plus padding; the last column is not padded. Widths count code points
 * and ignore ANSI colour sequences.
 */
// eslint-disable-next-line no-control-regex -- ANSI colour sequences start with ESC
const ANSI = /\x1b\[[0-9;]*m/g;

export function visibleWidth(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

export function alignColumns(rows: string[][], padding = 2): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell)); });
  return rows.map((row) => {
    const last = row.length - 1;
    return row.map((cell, i) => (i === last ? cell : cell + ' '.repeat(widths[i]! - visibleWidth(cell) + padding))).join('').trimEnd();
  });
}
