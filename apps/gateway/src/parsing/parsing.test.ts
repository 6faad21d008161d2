// Query strings and media types; the body readers are tested where they live
// (libs/recipe-engine/src/safe-parse).
import { describe, expect, it } from 'vitest';
import { firstParam, INVALID_QUERY, mediaType, parseQueryString } from './index';

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
