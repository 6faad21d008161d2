import { describe, expect, it } from 'vitest';
import { BodyParseError, firstParam, INVALID_QUERY, mediaType, parseJsonBody, parseQueryString, parseYamlBody } from './index';

describe('parseJsonBody (H3, H10, H11)', () => {
  it('parses plain JSON', () => {
    expect(parseJsonBody(Buffer.from('{"a":[1,"x",null,true]}'))).toEqual({ a: [1, 'x', null, true] });
  });
  it.each([
    ['NaN', '{"a":NaN}'],
    ['Infinity', '{"a":-Infinity}'],
    ['trailing garbage', '{} {}'],
    ['truncated', '{"a":'],
    ['__proto__', '{"a":{"__proto__":{}}}'],
    ['constructor.prototype', '{"constructor":{"prototype":{}}}'],
    ['too deep', `${'['.repeat(65)}${']'.repeat(65)}`],
  ])('rejects %s', (_n, text) => {
    expect(() => parseJsonBody(Buffer.from(text))).toThrow(BodyParseError);
  });
  it('accepts depth 64 and a plain constructor key', () => {
    expect(() => parseJsonBody(`${'['.repeat(64)}${']'.repeat(64)}`)).not.toThrow();
    expect(parseJsonBody('{"constructor":"x"}')).toEqual({ constructor: 'x' });
  });
  it('rejects invalid UTF-8', () => {
    expect(() => parseJsonBody(Buffer.from([0x22, 0xc3, 0x28, 0x22]))).toThrow(/UTF-8/);
  });
});

describe('parseYamlBody (H4–H11)', () => {
  it('parses core-schema YAML', () => {
    expect(parseYamlBody('a: 1\nb: [x, true, null]\nc: "8"')).toEqual({ a: 1, b: ['x', true, null], c: '8' });
  });
  it('keeps YAML 1.2 semantics: yes/no are strings, << is a plain key', () => {
    expect(parseYamlBody('a: yes\nb: no')).toEqual({ a: 'yes', b: 'no' });
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
    ['too deep', `a: ${'['.repeat(70)}${']'.repeat(70)}`],
    ['alias expansion over the budget', `a: &a "${'x'.repeat(1000)}"\nb: [*a, *a, *a, *a, *a]`],
  ])('rejects %s', (_n, text) => {
    expect(() => parseYamlBody(text, text.includes('xxxx') ? 3000 : undefined)).toThrow(BodyParseError);
  });
});

describe('parseQueryString (H28, §6)', () => {
  it('decodes, keeps repeats in order, + is space', () => {
    const q = parseQueryString('a=1&b=x+y&a=2&c&d=%41');
    expect({ ...q }).toEqual({ a: ['1', '2'], b: 'x y', c: '', d: 'A' });
    expect(firstParam(q, 'a')).toBe('1');
    expect(firstParam(q, 'missing')).toBeUndefined();
  });
  it.each(['a=%', 'a=%zz', '%E0%A4%A=1', 'a=%00', 'a%00=1'])('marks %s invalid', (qs) => {
    expect(parseQueryString(qs)[INVALID_QUERY]).toBe(true);
  });
  it('treats __proto__ as an ordinary key', () => {
    const q = parseQueryString('__proto__=x');
    expect(firstParam(q, '__proto__')).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('mediaType', () => {
  it.each([
    [undefined, ''],
    ['Application/JSON; charset=UTF-8', 'application/json'],
    [' text/yaml ', 'text/yaml'],
  ])('%s → %s', (ct, expected) => {
    expect(mediaType(ct)).toBe(expected);
  });
});

describe('size budget (H5) never rejects an alias-free document near the limit', () => {
  it('a 1 MiB-ish YAML list of small numbers passes with a 1 MiB budget', () => {
    const text = `a:\n${'- 1\n'.repeat(200_000)}`;
    expect(text.length).toBeLessThan(1_048_576);
    expect((parseYamlBody(text, 1_048_576) as { a: number[] }).a).toHaveLength(200_000);
  });
  it('a large JSON array of numbers passes', () => {
    expect((parseJsonBody(`[${Array(400_000).fill(1).join(',')}]`) as number[]).length).toBe(400_000);
  });
});
