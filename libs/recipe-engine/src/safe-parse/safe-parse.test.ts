/**
 * The one safe body reader (API.md §5.1, H3–H11, H25), table-driven: what it refuses, what it
 * accepts, and which numbers count as written as integers. Its users (gateway validators, the
 * bundle planner) test the status/message mapping; here only the reader.
 */
import { describe, expect, it } from 'vitest';
import { BodyParseError, FORBIDDEN_PROTOTYPE, parseJsonBody, parseYamlBody, writtenAsInteger } from './index';

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('parseJsonBody (H3, H9–H11)', () => {
  it.each([
    ['empty', '', 'EOF'],
    ['blank', ' \n\t', 'EOF'],
    ['NaN', '{"a": NaN}', /^invalid JSON: /],
    ['Infinity', '{"a": -Infinity}', /^invalid JSON: /],
    ['trailing garbage', '{"a":1} x', /^invalid JSON: /],
    ['two values', '{} {}', /^invalid JSON: /],
    ['truncated', '{"a":', /^invalid JSON: /],
    ['BOM (as Go)', '\uFEFF{}', /^invalid JSON: /],
    ['__proto__', '{"a":{"__proto__":{"x":1}}}', `invalid JSON: ${FORBIDDEN_PROTOTYPE}`],
    ['escaped __proto__', '{"\\u005f_proto__":{}}', `invalid JSON: ${FORBIDDEN_PROTOTYPE}`],
    ['constructor.prototype', '{"constructor":{"prototype":{}}}', `invalid JSON: ${FORBIDDEN_PROTOTYPE}`],
    ['depth 65', deep(65), 'invalid JSON: nesting deeper than 64 levels'],
    ['depth 100 000', deep(100_000), /^invalid JSON: /],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseJsonBody(text)).toThrow(BodyParseError);
    expect(() => parseJsonBody(text)).toThrow(message);
  });

  it('refuses invalid UTF-8 bytes', () => {
    expect(() => parseJsonBody(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toThrow('invalid JSON: body is not valid UTF-8');
  });

  it.each([
    ['depth 64', deep(64)],
    ['constructor without prototype', '{"constructor":{"name":"x"}}'],
    ['utf-8 bytes', new TextEncoder().encode('{"a":"é"}')],
    ['a large array', `[${Array(400_000).fill(1).join(',')}]`],
  ])('accepts %s', (_name, input) => {
    expect(parseJsonBody(input)).toBeDefined();
  });
});

describe('parseYamlBody (H4–H11)', () => {
  it('parses core-schema YAML; yes/no are strings, << is a plain key; a BOM is a BOM', () => {
    expect(parseYamlBody('a: 1\nb: [x, true, null]\nc: "8"')).toEqual({ a: 1, b: ['x', true, null], c: '8' });
    expect(parseYamlBody('a: yes\nb: no\n<<: {c: 1}')).toEqual({ a: 'yes', b: 'no', '<<': { c: 1 } });
    expect(parseYamlBody('\uFEFFa: 1')).toEqual({ a: 1 });
  });

  it.each([
    ['duplicate keys', 'a: 1\na: 2'],
    ['!!binary', 'a: !!binary aGVsbG8='],
    ['!!binary under %YAML 1.1', '%YAML 1.1\n---\na: !!binary aGVsbG8='],
    ['!!js/undefined', 'a: !!js/undefined ~'],
    ['local tag', 'a: !thing x'],
    ['two documents', 'a: 1\n---\nb: 2'],
    ['tab indentation', 'a:\n\tb: 1'],
    ['__proto__', '__proto__: {}'],
    ['constructor.prototype', 'a: {constructor: {prototype: 1}}'],
    ['a collection as a mapping key', '? [a, b]\n: 1'],
    ['a map as a mapping key', '? {a: 1}\n: 1'],
    ['too deep', `a: ${deep(70)}`],
    ['101 aliases', `a: &a x\nb: [${Array(101).fill('*a').join(',')}]`],
    ['invalid UTF-8', new Uint8Array([0x61, 0x3a, 0x20, 0xff])],
  ])('refuses %s', (_name, text) => {
    expect(() => parseYamlBody(text)).toThrow(BodyParseError);
  });

  it('100 aliases are fine (H5: more than 100 is the limit)', () => {
    expect((parseYamlBody(`a: &a x\nb: [${Array(100).fill('*a').join(',')}]`) as { b: string[] }).b).toHaveLength(100);
  });

  it('alias expansion over the size budget is refused, alias-free text near it is not', () => {
    expect(() => parseYamlBody(`a: &a "${'x'.repeat(1000)}"\nb: [*a, *a, *a, *a, *a]`, { maxBytes: 3000 })).toThrow(/expands beyond/);
    const text = `a:\n${'- 1\n'.repeat(200_000)}`;
    expect((parseYamlBody(text, { maxBytes: 1_048_576 }) as { a: number[] }).a).toHaveLength(200_000);
  });
});

describe('writtenAsInteger (H25): only decimal integer literals count, for the keys named', () => {
  const keys = { integerKeys: ['nodes'] };
  it.each([
    ['{"spec":{"nodes":8}}', true],
    ['{"spec":{"nodes":-1}}', true],
    ['{"spec":{"nodes":8.0}}', false],
    ['{"spec":{"nodes":1e3}}', false],
    ['{"spec":{"nodes":1E3}}', false],
    ['{"spec":{"nodes":8.0,"nodes":8}}', true],
    ['{"spec":{"nodes":8,"nodes":8.0}}', false],
    ['{"spec":{"nodes":8.0,"nodes":"x"}}', true],
    ['{"spec":{"a":[1.0,{"b":"}"}],"nodes":8}}', true],
    ['{"spec":{"n\\u006fdes":1e3}}', false],
  ])('JSON %s → %s', (text, expected) => {
    const doc = parseJsonBody(text, keys) as { spec: object };
    expect(writtenAsInteger(doc.spec, 'nodes')).toBe(expected);
  });
  it.each([
    ['spec: {nodes: 8}', true],
    ['spec:\n  nodes: 8 # comment', true],
    ['spec: {nodes: 0x10}', false],
    ['spec: {nodes: 0o10}', false],
    ['spec: {nodes: 1e3}', false],
    ['spec: {nodes: 8.0}', false],
    ['spec: {nodes: +5}', false],
    ['base: &b {nodes: 1e3}\nspec: *b', false],
  ])('YAML %j → %s', (text, expected) => {
    const doc = parseYamlBody(text, keys) as { spec: object };
    expect(writtenAsInteger(doc.spec, 'nodes')).toBe(expected);
  });
  it('keys not named are not tracked', () => {
    const doc = parseJsonBody('{"nodes":1e3}') as object;
    expect(writtenAsInteger(doc, 'nodes')).toBe(true);
  });
});
