/** Just enough XML for the S3 protocol: escaping out, a few flat tags in. */
export function esc(s: string | number | boolean): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function unesc(s: string): string {
  return s
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** `<Tag>…</Tag>` bodies of every `tag` element (not nested in itself). */
export function elements(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1]!);
}

export function text(xml: string, tag: string): string | undefined {
  const e = elements(xml, tag)[0];
  return e === undefined ? undefined : unesc(e.trim());
}

/** Builds `<Name>…</Name>` from nested plain objects/arrays; undefined fields are left out. */
export function toXml(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => toXml(k, v)).join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${esc(value as string)}</${name}>`;
}

export function document(name: string, value: Record<string, unknown>): string {
  const inner = Object.entries(value).map(([k, v]) => toXml(k, v)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${name} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</${name}>`;
}
