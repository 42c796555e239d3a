import { seededRuntime } from '@argo-ts/lang';
import * as T from './index.js';
import { ABSENT, TemplateError, expandScope, type Scope, type ScopeSource, type SubstituteOptions } from './index.js';

type Opts = Omit<SubstituteOptions, 'runtime'>;
const runtime = seededRuntime(new Date('2024-06-01T12:00:00Z'), 'substitute-test');
const substitute = <V>(v: V, scope: ScopeSource, opts: Opts = {}): V => T.substitute(v, scope, { runtime, ...opts });
const substituteString = (s: string, scope: ScopeSource, opts: Opts = {}): string => T.substituteString(s, scope, { runtime, ...opts });
const whenHolds = (w: string, scope: ScopeSource, opts: Opts = {}): boolean => T.whenHolds(w, scope, { runtime, ...opts });

const scope: Scope = {
  'inputs.parameters.msg': 'say "hi"\nand \\bye',
  'inputs.parameters.my-param': 'dash',
  'inputs.parameters.x': '41',
  'inputs.parameters': '[{"name":"x","value":"41"}]',
  'steps.flip-coin.outputs.result': 'heads',
  'steps.gen.outputs.result': '[1,2,3]',
  'tasks.b.outputs.parameters.p': 'P',
  'workflow.name': 'wf-abc',
  'workflow.creationTimestamp': '2024-01-02T03:04:05Z',
  'workflow.creationTimestamp.Y': '2024',
  item: { name: 'first', n: 2, tags: ['a'] },
  'item.name': 'first',
  'item.n': '2',
  'pod.name': 'wf-abc-main-123',
  'steps.skipped.outputs.parameters.out': ABSENT,
};

describe('substitute: simple tags', () => {
  it.each<[string, string]>([
    ['{{inputs.parameters.msg}}', 'say "hi"\nand \\bye'],
    ['echo "{{ inputs.parameters.x }}"', 'echo "41"'],
    ['{{workflow.name}}-{{pod.name}}', 'wf-abc-wf-abc-main-123'],
    ['{{item}}', '{"name":"first","n":2,"tags":["a"]}'],
    ['{{item.name}}:{{item.n}}', 'first:2'],
    ['{{custom.variable}} stays', '{{custom.variable}} stays'],
    ['{{ unknown }}', '{{ unknown }}'],
    ['no tags at all', 'no tags at all'],
    ['unclosed {{inputs.parameters.x', 'unclosed {{inputs.parameters.x'],
    ['{{workflow.creationTimestamp.Y}}', '2024'],
    ['{{inputs.parameters}}', '[{"name":"x","value":"41"}]'],
  ])('%j', (input, want) => {
    expect(substituteString(input, scope)).toBe(want);
    expect(substituteString(input, lookup)).toBe(want);
  });

  it('walks objects and arrays, never keys, and does not mutate its input', () => {
    const tmpl = { name: '{{workflow.name}}', container: { args: ['{{inputs.parameters.msg}}', 3, true, null], env: [{ name: '{{x}}', value: '{{steps.flip-coin.outputs.result}}' }] }, '{{inputs.parameters.x}}': 'k' };
    const copy = structuredClone(tmpl);
    const out = substitute(tmpl, scope);
    expect(out).toEqual({ name: 'wf-abc', container: { args: ['say "hi"\nand \\bye', 3, true, null], env: [{ name: '{{x}}', value: 'heads' }] }, '{{inputs.parameters.x}}': 'k' });
    expect(tmpl).toEqual(copy);
  });

  it('fails on an unresolved Argo-prefixed tag, naming it', () => {
    expect(() => substituteString('a {{steps.nope.outputs.result}} b', scope)).toThrow('failed to resolve {{steps.nope.outputs.result}}');
    try { substituteString('{{inputs.parameters.zzz}}', scope); } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).code).toBe('UnresolvedVariable');
      expect((e as TemplateError).permanent).toBe(true);
    }
  });

  it('leaves unresolved tags verbatim with allowUnresolved', () => {
    expect(substituteString('{{item}} {{retries}} {{tasks.later.outputs.result}}', {}, { allowUnresolved: true }))
      .toBe('{{item}} {{retries}} {{tasks.later.outputs.result}}');
  });

  it('decides per name with an allowUnresolved predicate; expressions then fail', () => {
    const mustResolve = (n: string): boolean => !/^(inputs\.|steps\.|tasks\.|item)/.test(n);
    expect(substituteString('{{workflow.scheduledTime}}', {}, { allowUnresolved: mustResolve })).toBe('{{workflow.scheduledTime}}');
    expect(() => substituteString('{{steps.a.outputs.result}}', {}, { allowUnresolved: mustResolve })).toThrow('failed to resolve {{steps.a.outputs.result}}');
    expect(() => substituteString('{{=item + 1}}', {}, { allowUnresolved: mustResolve })).toThrow(/unknown name item/);
  });

  it('never looks up sprig as a variable, even from a lookup that answers everything', () => {
    const answersAll = (n: string): unknown => scope[n] ?? `{{${n}}}`;
    expect(substituteString("{{=sprig.upper(workflow.name)}}", answersAll)).toBe('WF-ABC');
  });

  it('fails on unknown non-Argo tags only in strict mode', () => {
    expect(() => substituteString('{{custom.thing}}', scope, { strict: true })).toThrow('failed to resolve {{custom.thing}}');
  });

  it('refuses absent optional outputs in text', () => {
    expect(() => substituteString('x={{steps.skipped.outputs.parameters.out}}', scope)).toThrow(/absent optional/);
  });
});

const exprCases: Array<[string, string]> = [
    ['{{=asInt(inputs.parameters.x) + 1}}', '42'],
    ["{{= inputs.parameters['my-param'] }}", 'dash'],
    ["{{=steps['flip-coin'].outputs.result == 'heads' ? 'a' : 'b'}}", 'a'],
    ['{{=fromJSON(steps.gen.outputs.result)}}', '[1,2,3]'],
    ['{{=toJson(filter(fromJSON(steps.gen.outputs.result), # > 1))}}', '[2,3]'],
    ["{{= get(item, 'name') }}-{{=item.n * 2}}", 'first-4'],
    ["{{=sprig.trim('  t  ')}}", 't'],
    ["{{=sprig.date('2006', workflow.creationTimestamp)}}", '2024'],
    ['{{=inputs.parameters.msg}}', 'say "hi"\nand \\bye'],
    ['{{= {"a": {"b": 1}}.a.b }}', '1'],
    ["{{= '}}' + 'x' }}", '}}x'],
    ['{{=true}}', 'true'],
    ["{{= steps.skipped.outputs.parameters.out ?? 'fallback' }}", 'fallback'],
    ["{{=\n  map([1, 2], { # * 10 })\n}}", '[10,20]'],
];

const lookup = (name: string): unknown => scope[name];

describe('substitute: expression tags', () => {
  it.each(exprCases)('%j', (input, want) => {
    expect(substituteString(input, scope)).toBe(want);
  });

  it.each(exprCases)('with a lookup function: %j', (input, want) => {
    expect(substituteString(input, lookup)).toBe(want);
  });

  it('looks up only the names an expression mentions', () => {
    const asked: string[] = [];
    const spy = (name: string): unknown => { asked.push(name); return scope[name]; };
    expect(substituteString("{{=steps['flip-coin'].outputs.result}} {{pod.name}}", spy)).toBe('heads wf-abc-main-123');
    expect(asked).toEqual(['steps', 'steps.flip-coin', 'steps.flip-coin.outputs', 'steps.flip-coin.outputs.result', 'pod.name']);
  });

  it('treats unknown names under a container root as nil with a lookup', () => {
    expect(substituteString("{{= tasks.nobody.outputs.result ?? 'none' }}", lookup)).toBe('none');
    expect(() => substituteString('{{= item }}', () => undefined)).toThrow(/unknown name item/);
  });

  it('reports a nil result as an error', () => {
    expect(() => substituteString('{{=inputs.parameters.missing}}', scope)).toThrow(/result is nil/);
  });

  it('reports evaluation errors with the tag', () => {
    expect(() => substituteString('{{=1 +}}', scope)).toThrow(/failed to evaluate expression \{\{=1 \+\}\}/);
  });

  it('keeps failing or nil expressions verbatim with allowUnresolved (late binding)', () => {
    expect(substituteString('{{=item.n + 1}} {{=retries}}', {}, { allowUnresolved: true })).toBe('{{=item.n + 1}} {{=retries}}');
  });
});

describe('expandScope', () => {
  it('nests dotted names, lets sub-keys replace JSON summaries, and keeps raw items', () => {
    const env = expandScope(scope);
    expect((env.inputs as any).parameters.x).toBe('41');
    expect((env.steps as any)['flip-coin'].outputs.result).toBe('heads');
    expect((env.item as any).n).toBe(2);
    expect((env.item as any).tags).toEqual(['a']);
    expect((env.workflow as any).creationTimestamp).toBe('2024-01-02T03:04:05Z');
    expect((env.steps as any).skipped.outputs.parameters.out).toBeNull();
    expect(scope.item).toEqual({ name: 'first', n: 2, tags: ['a'] });
  });
});

describe('whenHolds', () => {
  it.each<[string, boolean]>([
    ['{{steps.flip-coin.outputs.result}} == heads', true],
    ['{{steps.flip-coin.outputs.result}} == tails', false],
    ['{{inputs.parameters.x}} > 5', true],
    ['{{inputs.parameters.x}} < {{item.n}}', false],
    ['"{{tasks.b.outputs.parameters.p}}" == "P"', true],
    ["{{= inputs.parameters['my-param'] == 'dash' }}", true],
    ['{{item.name}} =~ "^fir"', true],
    ['"{{= get(item, \'kind\') ?? \'always\' }}" in ("{{= [\'always\', \'test\'] | join(\'","\') }}","")', true],
  ])('%s → %s', (when, want) => {
    expect(whenHolds(when, scope)).toBe(want);
  });
});
