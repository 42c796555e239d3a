import { open } from 'node:fs/promises';
import { MAX_RESULT_BYTES } from '@argo-ts/spec';

/**
 * `outputs.result`: the last MAX_RESULT_BYTES of stdout (Argo keeps the
 * tail), minus one trailing newline. Reads only the tail, so a huge stdout
 * costs nothing; the full log stays in the container log.
 */
export async function readResult(stdoutFile: string, max = MAX_RESULT_BYTES): Promise<string | undefined> {
  const fh = await open(stdoutFile, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, max);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    let start = 0;
    // Do not start in the middle of a UTF-8 character.
    if (size > max) while (start < buf.length && (buf[start]! & 0xc0) === 0x80) start++;
    const text = buf.toString('utf8', start);
    return text.endsWith('\n') ? text.slice(0, -1) : text;
  } finally {
    await fh.close();
  }
}
