import { z } from 'zod';
import { IntOrStringSchema } from '../schema/scalars.js';
import { structuralSchema } from './schemas.js';
import { toStructural } from './structural.js';

describe('toStructural', () => {
  it('drops $schema and additionalProperties:false and keeps required', () => {
    const s = structuralSchema(z.strictObject({ a: z.string(), b: z.number().int().optional() }));
    expect(s).toEqual({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['a'] });
  });

  it('keeps unknown fields of loose objects and maps records to additionalProperties', () => {
    const s = structuralSchema(z.strictObject({ k: z.looseObject({ a: z.boolean() }), m: z.record(z.string(), z.string()) }));
    expect(s.properties).toEqual({
      k: { type: 'object', properties: { a: { type: 'boolean' } }, required: ['a'], 'x-kubernetes-preserve-unknown-fields': true },
      m: { type: 'object', additionalProperties: { type: 'string' } },
    });
  });

  it('turns IntOrString into the int-or-string extension, other unions into open values, null into nullable', () => {
    const s = structuralSchema(
      z.strictObject({ n: IntOrStringSchema, u: z.union([z.string(), z.array(z.string())]), t: z.string().nullable(), x: z.unknown() }),
    );
    expect(s.properties).toEqual({
      n: { 'x-kubernetes-int-or-string': true },
      u: { 'x-kubernetes-preserve-unknown-fields': true },
      t: { type: 'string', nullable: true },
      x: { 'x-kubernetes-preserve-unknown-fields': true },
    });
  });

  it('stops recursion at the second occurrence of a definition', () => {
    const Node = z.strictObject({
      name: z.string(),
      get child(): z.ZodOptional<typeof Node> {
        return Node.optional();
      },
    });
    const s = structuralSchema(z.strictObject({ root: Node }));
    const root = (s.properties as Record<string, { properties: Record<string, unknown> }>).root;
    expect(root.properties.child).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(JSON.stringify(s)).not.toContain('$ref');
  });

  it('resolves a self-referencing root', () => {
    const Node = z.strictObject({
      get kids(): z.ZodOptional<z.ZodArray<typeof Node>> {
        return z.array(Node).optional();
      },
    });
    expect(structuralSchema(Node)).toEqual({
      type: 'object',
      properties: { kids: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
    });
  });

  it('fails on an unresolved $ref', () => {
    expect(() => toStructural({ $ref: '#/$defs/missing' })).toThrow('crd: unresolved $ref #/$defs/missing');
  });
});
