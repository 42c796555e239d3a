/**
 * Field errors as Kubernetes' apimachinery `field` package reports them: a
 * type ("Invalid value", "Required value", ...), the field path, the bad
 * value and a detail. `body()` is the cause's message and `toText()` what
 * the Status message and `kubectl` print, so both read as on a real cluster.
 */
import { ApiError, type StatusCause } from '../../store/errors.js';

export type FieldErrorType =
  | 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueDuplicate' | 'FieldValueNotSupported'
  | 'FieldValueNotFound' | 'FieldValueForbidden' | 'FieldValueTooLong';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueNotFound: 'Not found',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
};

/** Types whose message never shows the value (Kubernetes omits it for these). */
const VALUELESS = new Set<FieldErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong']);

export interface FieldError {
  type: FieldErrorType;
  field: string;
  value?: unknown;
  detail: string;
  /** A whole message given as is (schema checks of Argo kinds), instead of type, value and detail. */
  text?: string;
}

/** A value Kubernetes prints through its String() method, so without quotes (a Quantity). */
export class Printed {
  constructor(readonly text: string) {}
}

/** Go's `%v` for simple types and `%q` for strings, as Kubernetes prints a bad value. */
function formatValue(v: unknown): string {
  if (v instanceof Printed) return v.text;
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function body(e: FieldError): string {
  if (e.text !== undefined) return e.text;
  const head = VALUELESS.has(e.type) ? TYPE_TEXT[e.type] : `${TYPE_TEXT[e.type]}: ${formatValue(e.value)}`;
  return e.detail ? `${head}: ${e.detail}` : head;
}

export function toText(e: FieldError): string {
  return `${e.field}: ${body(e)}`;
}

export const custom = (field: string, text: string): FieldError => ({ type: 'FieldValueInvalid', field, detail: '', text });
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, value, detail });
export const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
export const duplicate = (field: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, value, detail: '' });
export const notFound = (field: string, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field, value, detail: '' });
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
export const tooLong = (field: string, maxBytes: number): FieldError => ({ type: 'FieldValueTooLong', field, detail: `must have at most ${maxBytes} bytes` });

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { type: 'FieldValueNotSupported', field, value, detail: supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '' };
}

/** One Invalid error per message, as Kubernetes turns a checker's message list into errors. */
export function invalidEach(field: string, value: unknown, messages: string[]): FieldError[] {
  return messages.map((m) => invalid(field, value, m));
}

/** `Workflow.argoproj.io` for a group, plain `Pod` for the core group (Kubernetes' GroupKind.String()). */
export function qualifiedKind(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

/**
 * The 422 Invalid error Kubernetes answers: message `<Kind> "<name>" is
 * invalid: <errors>` (one error plain, several as `[a, b]`, duplicates
 * dropped), one cause per error with its field path.
 */
export function invalidObject(group: string, kind: string, name: string, errors: FieldError[]): ApiError {
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const t = toText(e);
    if (seen.has(t)) return false;
    seen.add(t);
    return true;
  });
  const texts = unique.map(toText);
  const summary = texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: body(e), field: e.field }));
  return new ApiError('Invalid', `${qualifiedKind(group, kind)} "${name}" is invalid: ${summary}`, { name, group, kind, causes });
}
