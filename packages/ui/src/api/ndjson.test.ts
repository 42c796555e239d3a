import { describe, expect, it } from '@jest/globals';
import { NdjsonDecoder } from './ndjson';

describe('NdjsonDecoder', () => {
  it('yields results only for whole lines, across chunk boundaries', () => {
    const d = new NdjsonDecoder<{ n: number }>();
    expect(d.push('{"result":{"n":1}}\n{"resu')).toEqual([{ result: { n: 1 } }]);
    expect(d.push('lt":{"n":2}}\n\n')).toEqual([{ result: { n: 2 } }]);
    expect(d.push('{"result":{"n":3}}')).toEqual([]);
    expect(d.end()).toEqual([{ result: { n: 3 } }]);
  });

  it('reads server-sent-event framing and skips comments and other fields', () => {
    const d = new NdjsonDecoder<{ n: number }>();
    expect(d.push(': keep-alive\nevent: message\ndata: {"result":{"n":4}}\n\n')).toEqual([{ result: { n: 4 } }]);
  });

  it('turns a stream error and a line that is not JSON into errors', () => {
    const d = new NdjsonDecoder();
    expect(d.push('{"error":{"code":5,"message":"workflows.argoproj.io \\"x\\" not found"}}\nnope\n')).toEqual([
      { error: { code: 5, message: 'workflows.argoproj.io "x" not found' } },
      { error: { message: 'the server sent a line that is not JSON: nope' } },
    ]);
  });
});
