// Query strings and media types; the body readers are tested where they live
// (libs/recipe-engine/src/safe-parse).
import { describe, expect, it } from 'vitest';
import { firstParam, INVALID_QUERY, mediaType, memoizedQueryStringParser, parseQueryString, perQuery } from './index';

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

describe('memoizedQueryStringParser and perQuery (the cached GET path)', () => {
  it('from its second request on, answers a query string with one frozen object equal to a fresh parse', () => {
    const parse = memoizedQueryStringParser();
    const first = parse('service=eks&a=1&a=2');
    expect(Object.isFrozen(first)).toBe(false);
    const a = parse('service=eks&a=1&a=2');
    expect(a).not.toBe(first);
    expect(parse('service=eks&a=1&a=2')).toBe(a);
    expect({ ...a }).toEqual({ ...parseQueryString('service=eks&a=1&a=2') });
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.a)).toBe(true);
    expect(() => (a.a as string[]).push('3')).toThrow(TypeError);
    // A malformed string stays marked, so every request with it still gets its 400.
    for (let i = 0; i < 3; i++) expect(parse('a=%zz')[INVALID_QUERY]).toBe(true);
  });

  it('is bounded: one-off strings are never kept, oldest strings go first, long strings never', () => {
    const parse = memoizedQueryStringParser({ entries: 2, length: 16 });
    const twice = (qs: string) => (parse(qs), parse(qs));
    const first = twice('a=1');
    twice('a=2');
    twice('a=3');
    expect(parse('a=1')).not.toBe(first);
    const long = `a=${'x'.repeat(20)}`;
    expect(twice(long)).not.toBe(parse(long));
    expect(parse(long).a).toBe('x'.repeat(20));
  });

  it('perQuery computes once per remembered query, each time for others, and re-runs a failure', () => {
    const parse = memoizedQueryStringParser();
    let calls = 0;
    const validate = perQuery((query) => {
      calls++;
      const service = firstParam(query, 'service');
      if (service === 'bad') throw new Error('400');
      return { service };
    });
    validate(parse('service=eks'));
    expect(calls).toBe(1);
    const kept = validate(parse('service=eks'));
    expect(validate(parse('service=eks'))).toBe(kept);
    expect(calls).toBe(2);
    for (let i = 0; i < 3; i++) expect(() => validate(parse('service=bad'))).toThrow('400');
    expect(calls).toBe(5);
    expect(validate(undefined)).toEqual({ service: undefined });
  });
});
