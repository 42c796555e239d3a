/** Exact quantities: Kubernetes' grammar, canonical form and ordering. */
import { compareQuantity, formatQuantity, parseExactQuantity, quantityFromJson, QUANTITY_FORMAT_ERROR, QUANTITY_SUFFIX_ERROR } from './quantity.js';

describe('exact quantities', () => {
  it.each([
    ['1000', '1k'], ['1500', '1500'], ['0.5', '500m'], ['1.0', '1'], ['100m', '100m'], ['-1', '-1'], ['0', '0'], ['+2', '2'],
    ['1.5Gi', '1536Mi'], ['2048Ki', '2Mi'], ['1024', '1024'], ['0.5Ki', '512'], ['1.1Ki', '1126400m'], ['1Ki', '1Ki'],
    ['1e3', '1e3'], ['12e2', '1200'], ['1E', '1E'], ['0.1n', '1n'], ['1.G', '1G'], ['.5', '500m'],
  ])('%s prints as %s', (text, canonical) => {
    expect(formatQuantity(parseExactQuantity(text))).toBe(canonical);
  });

  it('reads JSON numbers as Kubernetes does (YAML `cpu: 1`)', () => {
    expect(formatQuantity(quantityFromJson(0.25))).toBe('250m');
    expect(formatQuantity(quantityFromJson(1e21))).toBe('1e21');
  });

  it.each([['lots', QUANTITY_FORMAT_ERROR], ['1Gb', QUANTITY_FORMAT_ERROR], ['', QUANTITY_FORMAT_ERROR], ['1 Gi', QUANTITY_FORMAT_ERROR], ['1iG', QUANTITY_SUFFIX_ERROR], ['1e3k', QUANTITY_FORMAT_ERROR], ['1Ki5', QUANTITY_SUFFIX_ERROR]])(
    'refuses %j with Kubernetes\' message', (text, message) => {
      expect(() => parseExactQuantity(text)).toThrow(message);
    },
  );

  it('compares across formats exactly', () => {
    const q = (t: string) => parseExactQuantity(t);
    expect(compareQuantity(q('1Gi'), q('1G'))).toBe(1);
    expect(compareQuantity(q('1000m'), q('1'))).toBe(0);
    expect(compareQuantity(q('0.1'), q('100000001n'))).toBe(-1);
  });
});
