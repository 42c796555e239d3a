/**
 * Wall-clock readings of an instant in an IANA time zone, through Intl (the
 * zone database Node ships), and Go's RFC 3339 rendering of an instant in a
 * zone (Argo writes scheduled times that way: `2020-03-09T02:00:00-07:00`).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone the controller process runs in (Argo's default: the machine's zone). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Why `timeZone` is not a zone Node knows, in Go's words; undefined when it is. */
export function timeZoneProblem(timeZone: string): string | undefined {
  try {
    formatter(timeZone);
    return undefined;
  } catch {
    return `provided bad location ${timeZone}: unknown time zone ${timeZone}`;
  }
}

export interface WallClock { year: number; month: number; day: number; hour: number; minute: number; second: number }

export function wallClock(t: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(t)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Minutes east of UTC at instant `t` in `timeZone` (-420 for PDT). */
export function offsetMinutes(t: Date, timeZone: string): number {
  const w = wallClock(t, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(t.getTime() / 1000) * 1000) / 60_000);
}

export function sameWallClock(a: Date, b: Date, timeZone: string): boolean {
  const x = wallClock(a, timeZone);
  const y = wallClock(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day && x.hour === y.hour && x.minute === y.minute && x.second === y.second;
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/** Go's `time.RFC3339` of `t` in `timeZone`: `Z` for a zero offset, else `±hh:mm`. */
export function formatRfc3339(t: Date, timeZone: string): string {
  const w = wallClock(t, timeZone);
  const off = offsetMinutes(t, timeZone);
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${zone}`;
}
