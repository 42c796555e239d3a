import { z } from 'zod';
import { loadManifests } from './load.js';
import { formatProblem } from './problem.js';
import { validateDocument } from './validate.js';

const Schema = z.strictObject({
  kind: z.literal('Thing'),
  spec: z.strictObject({
    name: z.string(),
    count: z.number().optional(),
    items: z.array(z.strictObject({ value: z.union([z.string(), z.number()]) })).optional(),
    policy: z.enum(['Always', 'Never']).optional(),
  }),
});
const lookup = (kind: string) => (kind === 'Thing' ? Schema : undefined);

function lines(text: string, strict = true): string[] {
  const doc = loadManifests(text, 't.yaml').documents[0];
  return validateDocument(doc, lookup, { strict }).map(formatProblem);
}

describe('validateDocument', () => {
  it('says what type was expected and what was found', () => {
    expect(lines('kind: Thing\nspec:\n  name: a\n  count: "3"\n')).toEqual(['t.yaml:4:3: spec.count: expected number, got string']);
  });

  it('reports a missing required field as required, at its parent', () => {
    expect(lines('kind: Thing\nspec:\n  count: 3\n')).toEqual(['t.yaml:2:1: spec.name: required']);
  });

  it('reports each unknown field on its own line, unless strict is off', () => {
    const text = 'kind: Thing\nspec:\n  name: a\n  foo: 1\n  bar: 2\n';
    expect(lines(text)).toEqual(['t.yaml:4:3: spec.foo: unknown field "foo"', 't.yaml:5:3: spec.bar: unknown field "bar"']);
    expect(lines(text, false)).toEqual([]);
  });

  it('merges union branches that each wanted another type', () => {
    expect(lines('kind: Thing\nspec:\n  name: a\n  items:\n  - value: [1]\n')).toEqual([
      't.yaml:5:5: spec.items[0].value: expected string or number, got list',
    ]);
  });

  it('lists the allowed values of an enum', () => {
    expect(lines('kind: Thing\nspec:\n  name: a\n  policy: Sometimes\n')).toEqual([
      't.yaml:4:3: spec.policy: expected one of "Always", "Never", got "Sometimes"',
    ]);
  });

  it('passes documents whose kind has no schema', () => {
    const doc = loadManifests('kind: ConfigMap\ndata: 3\n', 'cm.yaml').documents[0];
    expect(validateDocument(doc, lookup)).toEqual([]);
  });
});
