/**
 * `workflow.creationTimestamp.<c>`: one strftime conversion per letter, as
 * Argo exposes them (`.Y` → 2024, `.m` → 01, `.s` → epoch seconds). UTC.
 */
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const p2 = (n: number): string => String(n).padStart(2, '0');

function yday(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 864e5) + 1;
}

function isoWeek(d: Date): [number, number] {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const y = t.getUTCFullYear();
  return [y, Math.ceil(((t.getTime() - Date.UTC(y, 0, 1)) / 864e5 + 1) / 7)];
}

export const STRFTIME: Record<string, (d: Date) => string> = {
  a: (d) => DAYS[d.getUTCDay()]!.slice(0, 3),
  A: (d) => DAYS[d.getUTCDay()]!,
  b: (d) => MONTHS[d.getUTCMonth()]!.slice(0, 3),
  B: (d) => MONTHS[d.getUTCMonth()]!,
  c: (d) => `${STRFTIME.a!(d)} ${STRFTIME.b!(d)} ${String(d.getUTCDate()).padStart(2, ' ')} ${STRFTIME.T!(d)} ${d.getUTCFullYear()}`,
  C: (d) => p2(Math.floor(d.getUTCFullYear() / 100)),
  d: (d) => p2(d.getUTCDate()),
  D: (d) => `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`,
  e: (d) => String(d.getUTCDate()).padStart(2, ' '),
  F: (d) => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
  H: (d) => p2(d.getUTCHours()),
  I: (d) => p2(d.getUTCHours() % 12 || 12),
  j: (d) => String(yday(d)).padStart(3, '0'),
  k: (d) => String(d.getUTCHours()).padStart(2, ' '),
  l: (d) => String(d.getUTCHours() % 12 || 12).padStart(2, ' '),
  m: (d) => p2(d.getUTCMonth() + 1),
  M: (d) => p2(d.getUTCMinutes()),
  n: () => '\n',
  p: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  R: (d) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`,
  r: (d) => `${STRFTIME.I!(d)}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${STRFTIME.p!(d)}`,
  s: (d) => String(Math.floor(d.getTime() / 1000)),
  S: (d) => p2(d.getUTCSeconds()),
  t: () => '\t',
  T: (d) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
  u: (d) => String(d.getUTCDay() || 7),
  U: (d) => p2(Math.floor((yday(d) + 6 - d.getUTCDay()) / 7)),
  V: (d) => p2(isoWeek(d)[1]),
  G: (d) => String(isoWeek(d)[0]),
  w: (d) => String(d.getUTCDay()),
  W: (d) => p2(Math.floor((yday(d) + 6 - ((d.getUTCDay() + 6) % 7)) / 7)),
  x: (d) => STRFTIME.D!(d),
  X: (d) => STRFTIME.T!(d),
  y: (d) => p2(d.getUTCFullYear() % 100),
  Y: (d) => String(d.getUTCFullYear()),
  z: () => '+0000',
  Z: () => 'UTC',
};
