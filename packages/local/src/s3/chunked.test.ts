import { Readable } from 'node:stream';
import { AwsChunkedDecoder } from './chunked.js';

async function decode(parts: (string | Buffer)[]): Promise<{ data: string; trailers: Record<string, string> }> {
  const d = new AwsChunkedDecoder();
  const chunks: Buffer[] = [];
  for await (const c of Readable.from(parts.map((p) => Buffer.from(p))).pipe(d)) chunks.push(c as Buffer);
  return { data: Buffer.concat(chunks).toString(), trailers: d.trailers };
}

describe('aws-chunked decoding', () => {
  const sig = 'chunk-signature=' + 'a'.repeat(64);
  const signed = `5;${sig}\r\nhello\r\n6;${sig}\r\n world\r\n0;${sig}\r\n\r\n`;

  it('decodes signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', async () => {
    expect((await decode([signed])).data).toBe('hello world');
  });

  it('decodes whatever the network splits, byte by byte', async () => {
    expect((await decode(signed.split(''))).data).toBe('hello world');
  });

  it('reads trailers (STREAMING-UNSIGNED-PAYLOAD-TRAILER)', async () => {
    const r = await decode(['b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n']);
    expect(r).toEqual({ data: 'hello world', trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' } });
  });

  it('fails on a body cut short', async () => {
    await expect(decode(['b\r\nhello'])).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(decode(['zz\r\nhello'])).rejects.toThrow(/bad chunk header/);
  });
});
