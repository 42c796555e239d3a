/**
 * grpc-gateway streams are newline-delimited JSON: each line is
 * `{"result": …}` or, when the stream fails, `{"error": {code, message}}`.
 * Server-sent-event framing (`data: …`) is accepted too, so either form
 * Argo Server answers with is read the same way.
 */

export type StreamMessage<T> = { result: T } | { error: { code?: number; message: string } };

/** Splits text chunks into whole lines and parses each (pure). */
export class NdjsonDecoder<T> {
  private buffer = '';

  push(chunk: string): StreamMessage<T>[] {
    this.buffer += chunk;
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    return lines.flatMap((l) => parseLine<T>(l));
  }

  /** Whatever is left when the stream ends without a final newline. */
  end(): StreamMessage<T>[] {
    const rest = this.buffer;
    this.buffer = '';
    return parseLine<T>(rest);
  }
}

function parseLine<T>(raw: string): StreamMessage<T>[] {
  let line = raw.trim();
  if (line.startsWith('data:')) line = line.slice(5).trim();
  if (line === '' || line.startsWith(':') || /^(event|id|retry):/.test(line)) return [];
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return [{ error: { message: `the server sent a line that is not JSON: ${line.slice(0, 120)}` } }];
  }
  if (value && typeof value === 'object' && 'error' in value) {
    const e = (value as { error: { code?: number; message?: string } }).error;
    return [{ error: { code: e?.code, message: e?.message ?? 'stream error' } }];
  }
  if (value && typeof value === 'object' && 'result' in value) return [{ result: (value as { result: T }).result }];
  return [];
}
