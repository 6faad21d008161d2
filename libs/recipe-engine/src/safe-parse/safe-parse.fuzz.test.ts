/**
 * Property pass over the safe body readers: for any bytes the result is a value or a
 * BodyParseError — never another exception — and for JSON it agrees with JSON.parse whenever the
 * text is valid, shallow enough and free of prototype keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BodyParseError, parseJsonBody, parseYamlBody, writtenAsInteger } from './index';

const onlyParseErrors = (fn: () => unknown): unknown => {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof BodyParseError)) throw new Error(`not a BodyParseError: ${(e as Error)?.stack ?? String(e)}`);
    return e;
  }
};

const YAML_BITS = ['a: ', '- ', '&x ', '*x', '<<: ', '__proto__', 'constructor', ': ', '\n', '  ', '? ', '[', ']', '{', '}', ',', '!!binary ', '!t ', '---\n', '%YAML 1.1\n', '"', "'", '|\n', '#', '1e3', '0x10', '.inf', 'nodes: '];
const yamlish = fc.array(fc.oneof(fc.constantFrom(...YAML_BITS), fc.string({ maxLength: 4 })), { maxLength: 30 }).map((parts) => parts.join(''));
const bytes = fc.uint8Array({ maxLength: 64 });

describe('property: safe body readers', () => {
  it('JSON: any text or bytes → value or BodyParseError; valid JSON agrees with JSON.parse', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 5 }), fc.string(), yamlish, bytes), (input) => {
        const r = onlyParseErrors(() => parseJsonBody(input, { integerKeys: ['nodes', 'a'] }));
        if (typeof input === 'string' && !(r instanceof BodyParseError)) expect(r).toEqual(JSON.parse(input));
      }),
      { numRuns: 300 },
    );
  });

  it('YAML: any text or bytes → value or BodyParseError', () => {
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.string(), fc.json({ maxDepth: 4 }), bytes), (input) => {
        onlyParseErrors(() => parseYamlBody(input, { integerKeys: ['nodes'] }));
      }),
      { numRuns: 300 },
    );
  });

  it('a nodes literal counts as an integer exactly when it is written as one', () => {
    const literal = fc.oneof(fc.nat().map(String), fc.constantFrom('8.0', '1e3', '1E2', '-0', '0.5', '10e-1', '2147483647', '-7'));
    fc.assert(
      fc.property(literal, fc.boolean(), (lit, yaml) => {
        const doc = (yaml ? parseYamlBody(`spec:\n  x: [1.5]\n  nodes: ${lit}`, { integerKeys: ['nodes'] }) : parseJsonBody(`{"spec":{"x":[1.5],"nodes":${lit}}}`, { integerKeys: ['nodes'] })) as { spec: object };
        expect(writtenAsInteger(doc.spec, 'nodes')).toBe(/^-?[0-9]+$/.test(lit));
      }),
      { numRuns: 200 },
    );
  });
});
