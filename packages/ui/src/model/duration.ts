/** Durations as Argo's UI prints them ("1h 2m", "3m 4s", "5s"). */

/** Seconds between start and finish (or now while still running); undefined before the start. */
export function elapsedSeconds(startedAt: string | null | undefined, finishedAt: string | null | undefined, now: number): number | undefined {
  if (!startedAt) return undefined;
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) return undefined;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  if (Number.isNaN(end)) return undefined;
  return Math.max(0, Math.round((end - start) / 1000));
}

/** Two most significant units: 0s, 59s, 1m 0s, 1h 1m, 2d 3h. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  const units: Array<[string, number]> = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  let rest = Math.floor(seconds);
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (parts.length > 0 || n > 0 || unit === 's') parts.push(`${n}${unit}`);
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
