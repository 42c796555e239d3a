/**
 * Parses the text of a manifest file into its documents, each with a locator
 * from field paths to source positions. Never throws on bad input: syntax
 * errors come back as problems at the line and column where they are.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { withGoYamlScalars } from './k8s-scalars.js';
import { makeLocator, makeTagLocator, type Locator, type TagLocator } from './locate.js';
import type { FieldPath } from './path.js';
import type { Problem } from './problem.js';

export interface LoadedDocument {
  file: string;
  /** 0-based position of the document among the file's non-empty documents. */
  index: number;
  object: Record<string, unknown>;
  apiVersion?: string;
  kind?: string;
  /** metadata.name, or metadata.generateName when only that is set. */
  name?: string;
  locate: Locator;
  /** Exact position of a `{{...}}` tag inside a string field (absent for objects built in memory). */
  locateTag?: TagLocator;
}

export interface LoadResult {
  documents: LoadedDocument[];
  problems: Problem[];
}

/** Plain-data description of a JS value for messages: `string`, `number`, `list`, `object`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/** The first syntax error of a document: the ones after it are mostly its echoes. */
function syntaxProblems(doc: Document, file: string, lc: LineCounter): Problem[] {
  return doc.errors.slice(0, 1).map((err) => {
    const { line, col } = lc.linePos(err.pos[0]);
    const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return {
      file, line, column: col, path: 'yaml', message, severity: 'error', code: 'yaml-syntax', transient: false,
    } satisfies Problem;
  });
}

function metaName(obj: Record<string, unknown>): string | undefined {
  const meta = obj.metadata;
  if (!meta || typeof meta !== 'object') return undefined;
  const m = meta as Record<string, unknown>;
  if (typeof m.name === 'string') return m.name;
  if (typeof m.generateName === 'string') return m.generateName;
  return undefined;
}

function toDocument(doc: Document, text: string, file: string, index: number, lc: LineCounter): LoadedDocument | Problem | undefined {
  const locate = makeLocator(doc, lc);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    const { line, column } = locate([]);
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { file, line, column, path: 'yaml', message, severity: 'error', code: 'yaml-syntax', transient: false };
  }
  // A document holding only comments (or an explicit null) is empty, as kubectl treats it.
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    const { line, column } = locate([]);
    return {
      file, line, column, path: '(document)', severity: 'error', code: 'not-an-object', transient: false,
      message: `expected a mapping with apiVersion and kind, got ${describeValue(value)}`,
    };
  }
  const object = value as Record<string, unknown>;
  return {
    file,
    index,
    object,
    apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : undefined,
    kind: typeof object.kind === 'string' ? object.kind : undefined,
    name: metaName(object),
    locate,
    locateTag: makeTagLocator(doc, lc, text),
  };
}

const FLOW_CLOSER = /^( *)(["'][\]}].*)$/;

/**
 * go-yaml accepts a quoted scalar inside a flow collection whose closing
 * line (`"]`) is no more indented than its parent key, and Argo's examples
 * rely on it; the `yaml` package ends the collection there. Indenting such
 * closing lines like the line before them changes no value (leading space of
 * a quoted scalar's continuation line is folded away) and keeps line numbers.
 */
function relaxFlowClosers(text: string): string {
  const lines = text.split('\n');
  let prevIndent = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = FLOW_CLOSER.exec(lines[i]);
    if (m && m[1].length < prevIndent) lines[i] = ' '.repeat(prevIndent) + m[2];
    if (lines[i].trim() !== '') prevIndent = lines[i].length - lines[i].trimStart().length;
  }
  return lines.join('\n');
}

function parse(text: string): { docs: Document[]; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, customTags: withGoYamlScalars });
  return { docs: Array.isArray(parsed) ? parsed : [], lineCounter };
}

/**
 * JSON files (large ones such as OpenAPI schemas sit next to manifests) are
 * parsed with JSON.parse; the YAML parse that maps paths to positions only
 * happens if a problem needs a position.
 */
function loadJson(text: string, file: string): LoadResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  let located: { locate: Locator; locateTag: TagLocator } | undefined;
  const parsed = () => {
    if (!located) {
      const { docs, lineCounter } = parse(text);
      located = docs[0]
        ? { locate: makeLocator(docs[0], lineCounter), locateTag: makeTagLocator(docs[0], lineCounter, text) }
        : { locate: () => ({ line: 1, column: 1 }), locateTag: () => undefined };
    }
    return located;
  };
  const locate: Locator = (path) => parsed().locate(path);
  const locateTag: TagLocator = (path, nth) => parsed().locateTag(path, nth);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const problem: Problem = {
      file, line: 1, column: 1, path: '(document)', severity: 'error', code: 'not-an-object', transient: false,
      message: `expected a mapping with apiVersion and kind, got ${describeValue(value)}`,
    };
    return { documents: [], problems: [problem] };
  }
  const object = value as Record<string, unknown>;
  const doc: LoadedDocument = {
    file, index: 0, object, locate, locateTag, name: metaName(object),
    apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : undefined,
    kind: typeof object.kind === 'string' ? object.kind : undefined,
  };
  return { documents: [doc], problems: [] };
}

/** All non-empty documents of `text`; `file` is only used in positions and messages. */
export function loadManifests(text: string, file: string): LoadResult {
  if (/^\s*[{[]/.test(text)) {
    const json = loadJson(text, file);
    if (json) return json;
  }
  let { docs, lineCounter } = parse(text);
  let parsedText = text;
  if (docs.some((d) => d.errors.length > 0)) {
    const relaxed = relaxFlowClosers(text);
    const retry = relaxed === text ? undefined : parse(relaxed);
    if (retry && retry.docs.every((d) => d.errors.length === 0)) {
      ({ docs, lineCounter } = retry);
      parsedText = relaxed;
    }
  }
  const documents: LoadedDocument[] = [];
  const problems: Problem[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      problems.push(...syntaxProblems(doc, file, lineCounter));
      continue;
    }
    if (doc.contents === null) continue;
    const loaded = toDocument(doc, parsedText, file, documents.length, lineCounter);
    if (!loaded) continue;
    if ('locate' in loaded) documents.push(loaded);
    else problems.push(loaded);
  }
  return { documents, problems };
}

/** Position of `path` in `doc`, as a problem skeleton. */
export function problemAt(
  doc: Pick<LoadedDocument, 'file' | 'locate'>,
  path: FieldPath,
): { file: string; line: number; column: number } {
  const { line, column } = doc.locate(path);
  return { file: doc.file, line, column };
}
