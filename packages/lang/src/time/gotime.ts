/**
 * Go reference-time layouts ("2006-01-02T15:04:05Z07:00") for `date(s, layout)`,
 * `Time.Format`, `sprig.date` and `sprig.toDate`. Times are handled in UTC:
 * the controller has no notion of the user's local zone.
 */
import { typeError } from '../expr/errors.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// Order matters: longer chunks first, as Go's nextStdChunk decides by prefix.
const CHUNKS = [
  'January', 'Monday', 'Jan', 'Mon', 'MST', '2006', '002', '01', '02', '03', '04', '05', '06', '15', '__2', '_2',
  '1', '2', '3', '4', '5', 'PM', 'pm', 'Z07:00:00', '-07:00:00', 'Z07:00', '-07:00', 'Z0700', '-0700', 'Z07', '-07',
];

type Chunk = { lit: string } | { std: string };

function chunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  for (let i = 0; i < layout.length;) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac) {
      if (lit) { out.push({ lit }); lit = ''; }
      out.push({ std: frac[0] });
      i += frac[0].length;
      continue;
    }
    const std = CHUNKS.find((c) => layout.startsWith(c, i));
    if (std) {
      if (lit) { out.push({ lit }); lit = ''; }
      out.push({ std });
      i += std.length;
      continue;
    }
    lit += layout[i];
    i++;
  }
  if (lit) out.push({ lit });
  return out;
}

const pad = (n: number, w = 2, c = '0'): string => String(n).padStart(w, c);

export function formatGoTime(d: Date, layout: string): string {
  return chunks(layout).map((c) => ('lit' in c ? c.lit : formatStd(d, c.std))).join('');
}

function formatStd(d: Date, std: string): string {
  const h = d.getUTCHours();
  switch (std) {
    case 'January': return MONTHS[d.getUTCMonth()]!;
    case 'Jan': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
    case 'Monday': return DAYS[d.getUTCDay()]!;
    case 'Mon': return DAYS[d.getUTCDay()]!.slice(0, 3);
    case 'MST': return 'UTC';
    case '2006': return pad(d.getUTCFullYear(), 4);
    case '06': return pad(d.getUTCFullYear() % 100);
    case '01': return pad(d.getUTCMonth() + 1);
    case '1': return String(d.getUTCMonth() + 1);
    case '02': return pad(d.getUTCDate());
    case '_2': return pad(d.getUTCDate(), 2, ' ');
    case '__2': return pad(dayOfYear(d), 3, ' ');
    case '002': return pad(dayOfYear(d), 3);
    case '2': return String(d.getUTCDate());
    case '15': return pad(h);
    case '03': return pad(h % 12 === 0 ? 12 : h % 12);
    case '3': return String(h % 12 === 0 ? 12 : h % 12);
    case '04': return pad(d.getUTCMinutes());
    case '4': return String(d.getUTCMinutes());
    case '05': return pad(d.getUTCSeconds());
    case '5': return String(d.getUTCSeconds());
    case 'PM': return h >= 12 ? 'PM' : 'AM';
    case 'pm': return h >= 12 ? 'pm' : 'am';
    default: break;
  }
  if (std.startsWith('Z')) return 'Z';
  if (std.startsWith('-07')) return `+${std.slice(1).replace(/\d/g, '0')}`;
  // Fractional seconds: '.000' keeps zeros, '.999' trims them.
  const digits = std.length - 1;
  const ms = pad(d.getUTCMilliseconds(), 3).padEnd(9, '0').slice(0, digits);
  if (std[1] === '0') return std[0] + ms;
  const trimmed = ms.replace(/0+$/, '');
  return trimmed ? std[0] + trimmed : '';
}

function dayOfYear(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 864e5) + 1;
}

/** Parses `text` laid out as `layout`; throws a typed error naming both when they don't match. */
export function parseGoTime(text: string, layout: string): Date {
  const parts = chunks(layout);
  let re = '^';
  const fields: string[] = [];
  for (const c of parts) {
    if ('lit' in c) { re += c.lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); continue; }
    const [pattern, field] = parsePattern(c.std);
    re += `(${pattern})`;
    fields.push(field);
  }
  const m = new RegExp(`${re}$`).exec(text);
  if (!m) throw typeError(`parsing time "${text}" as "${layout}": cannot parse`);
  const v = { year: 1970, month: 0, day: 1, hour: 0, min: 0, sec: 0, ms: 0, pm: undefined as boolean | undefined, offsetMin: 0 };
  fields.forEach((f, i) => applyField(v, f, m[i + 1]!));
  if (v.pm !== undefined) v.hour = (v.hour % 12) + (v.pm ? 12 : 0);
  return new Date(Date.UTC(v.year, v.month, v.day, v.hour, v.min, v.sec, v.ms) - v.offsetMin * 60000);
}

function parsePattern(std: string): [string, string] {
  switch (std) {
    case 'January': return [MONTHS.join('|'), 'monthName'];
    case 'Jan': return [MONTHS.map((m) => m.slice(0, 3)).join('|'), 'monthName'];
    case 'Monday': return [DAYS.join('|'), 'skip'];
    case 'Mon': return [DAYS.map((m) => m.slice(0, 3)).join('|'), 'skip'];
    case 'MST': return ['[A-Z]{3,4}', 'skip'];
    case '2006': return ['\\d{4}', 'year'];
    case '06': return ['\\d{2}', 'year2'];
    case '01': case '1': return ['\\d{1,2}', 'month'];
    case '02': case '2': case '_2': case '__2': return [' ?\\d{1,2}', 'day'];
    case '002': return ['\\d{3}', 'skip'];
    case '15': case '03': case '3': return ['\\d{1,2}', 'hour'];
    case '04': case '4': return ['\\d{1,2}', 'min'];
    case '05': case '5': return ['\\d{1,2}', 'sec'];
    case 'PM': case 'pm': return ['AM|PM|am|pm', 'ampm'];
    default: break;
  }
  if (std.startsWith('Z')) return ['Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?', 'tz'];
  if (std.startsWith('-07')) return ['[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?', 'tz'];
  return ['[.,]\\d+|', 'frac'];
}

function applyField(v: { [k: string]: number | boolean | undefined }, field: string, s: string): void {
  const n = Number(s.trim());
  switch (field) {
    case 'year': v.year = n; break;
    case 'year2': v.year = n + (n >= 69 ? 1900 : 2000); break;
    case 'month': v.month = n - 1; break;
    case 'monthName': v.month = MONTHS.findIndex((m) => m.startsWith(s)); break;
    case 'day': v.day = n; break;
    case 'hour': v.hour = n; break;
    case 'min': v.min = n; break;
    case 'sec': v.sec = n; break;
    case 'ampm': v.pm = s.toUpperCase() === 'PM'; break;
    case 'frac': v.ms = s ? Math.round(Number(`0.${s.slice(1)}`) * 1000) : 0; break;
    case 'tz': {
      if (s === 'Z') { v.offsetMin = 0; break; }
      const t = /^([+-])(\d{2}):?(\d{2})?/.exec(s)!;
      v.offsetMin = (t[1] === '-' ? -1 : 1) * (Number(t[2]) * 60 + Number(t[3] ?? 0));
      break;
    }
    default: break;
  }
}

/** Layouts tried by `date(s)` without a layout, as expr-lang does. */
const DEFAULT_LAYOUTS = [
  '2006-01-02T15:04:05Z07:00', '2006-01-02T15:04:05.999999999Z07:00', '2006-01-02', '2006-01-02 15:04:05',
  '2006-01-02 15:04', '2006-01-02 15:04:05 -0700', 'Mon, 02 Jan 2006 15:04:05 MST', 'Jan _2 15:04:05 2006',
];

export function parseAnyTime(text: string): Date {
  for (const layout of DEFAULT_LAYOUTS) {
    try { return parseGoTime(text, layout); } catch { /* try the next layout */ }
  }
  throw typeError(`cannot parse "${text}" as a date`);
}
