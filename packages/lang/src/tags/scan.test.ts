import { hasTags, scanTags, soleSimpleTag } from './scan.js';

describe('scanTags', () => {
  it('splits text, simple tags and expression tags', () => {
    expect(scanTags('a {{ inputs.parameters.x }} b {{=1 + 2}}')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'simple', name: 'inputs.parameters.x', raw: '{{ inputs.parameters.x }}', start: 2 },
      { kind: 'text', text: ' b ' },
      { kind: 'expr', expr: '1 + 2', raw: '{{=1 + 2}}', start: 30 },
    ]);
  });

  it('ends an expression where the expression ends, not at a }} inside a string or map literal', () => {
    expect(scanTags("{{=inputs.parameters.x == '}}' ? 1 : 2}}")).toEqual([
      { kind: 'expr', expr: "inputs.parameters.x == '}}' ? 1 : 2", raw: "{{=inputs.parameters.x == '}}' ? 1 : 2}}", start: 0 },
    ]);
    expect(scanTags("{{= {'a': 1}['a'] }}!")[0]).toMatchObject({ kind: 'expr', expr: "{'a': 1}['a']" });
  });

  it('falls back to the first }} when the expression never closes', () => {
    expect(scanTags("{{='abc}} x")).toEqual([
      { kind: 'expr', expr: "'abc", raw: "{{='abc}}", start: 0 },
      { kind: 'text', text: ' x' },
    ]);
  });

  it('leaves an unclosed tag as text', () => {
    expect(scanTags('a {{b')).toEqual([{ kind: 'text', text: 'a {{b' }]);
    expect(hasTags('no tags')).toBe(false);
    expect(soleSimpleTag(' {{item}} ')).toBe('item');
    expect(soleSimpleTag('{{item}}x')).toBeUndefined();
  });
});
